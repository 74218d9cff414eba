import CGDAL
import Dispatch
import GeoCore

/// A raster read top to bottom in bands of whole block rows, the next band decoding on
/// another thread while the caller works on the current one. Memory is two bands whatever
/// the raster's size, and the first band starts decoding as soon as the reader is made (so
/// it overlaps whatever the caller prepares meanwhile, such as its zones).
public final class RasterBandReader: @unchecked Sendable {
    public let source: RasterSource
    /// Rows per band (the last may be shorter).
    public let rows: Int
    private var buffers: [UnsafeMutableBufferPointer<Float>]
    private let queue = DispatchQueue(label: "hinterland.raster-bands")
    private var pending: Job?
    /// Per band, the column ranges to read (nil: all columns); see `restrict`.
    private var columns: [[Range<Int>]]?

    /// One band's decode: done when its group is left, with the error if it failed.
    private final class Job: @unchecked Sendable {
        let band: Int
        let group = DispatchGroup()
        var error: Error?
        init(band: Int) { self.band = band }
    }

    /// Bands of about `cells` values, rounded to whole rows of the raster's blocks.
    public init(_ source: RasterSource, cells: Int = 1 << 20) {
        self.source = source
        let block = source.blockHeight   // at least 1
        let want = max(cells / max(source.width, 1), 1)
        let rows = min(max((want + block - 1) / block, 1) * block, max(source.height, 1))
        self.rows = rows
        buffers = (0..<2).map { _ in .allocate(capacity: rows * source.width) }
        start(0)
    }

    deinit {
        pending?.group.wait()
        for b in buffers { b.deallocate() }
    }

    public var bandCount: Int { (source.height + rows - 1) / rows }

    /// The rows of band k (the last band may be shorter).
    public func range(_ k: Int) -> Range<Int> { (k * rows)..<min((k + 1) * rows, source.height) }

    /// Reads only the cells of each band in `columns[k]` (disjoint column ranges, in order),
    /// leaving the others unset, from the next band not yet decoding on: tiles outside every
    /// range are not decoded. A zonal sum needs only the columns its zones' windows reach.
    public func restrict(_ columns: [[Range<Int>]]) {
        precondition(columns.count == bandCount)
        self.columns = columns
    }

    /// Calls `body(rows, values)` for each band in order; `values` holds the band's rows
    /// (row-major, `source.width` per row) and is valid only during the call.
    public func forEachBand(_ body: (Range<Int>, UnsafeBufferPointer<Float>) throws -> Void) throws {
        for k in 0..<bandCount {
            if pending?.band != k { start(k) }
            let job = pending!
            job.group.wait()
            pending = nil
            if let e = job.error { throw e }
            if k + 1 < bandCount { start(k + 1) }
            let r = range(k)
            try body(r, UnsafeBufferPointer(rebasing: buffers[k % 2][0..<(r.count * source.width)]))
        }
    }

    /// Starts decoding band k into its buffer (the other buffer is the caller's meanwhile).
    private func start(_ k: Int) {
        guard k < bandCount else { return }
        let job = Job(band: k)
        let r = range(k), width = source.width
        let wanted = columns?[k] ?? [0..<width]
        let target = UncheckedSendable((buffers[k % 2].baseAddress!, source))
        pending = job
        job.group.enter()
        queue.async {
            do { try target.value.1.read(rows: r, columns: wanted, into: target.value.0, lineStride: width, firstColumn: 0) }
            catch { job.error = error }
            job.group.leave()
        }
    }
}
