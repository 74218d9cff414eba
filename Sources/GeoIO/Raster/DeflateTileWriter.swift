import CGDAL
import Foundation
import GeoCore
import Kernels

/// Fills a tiled DEFLATE GeoTIFF that GDAL created with no tiles (SPARSE_OK) by compressing
/// the tiles ourselves, on all cores, with `RunLengthDeflate`, and appending them in tile
/// order. GDAL's own path compresses each tile with a general DEFLATE at level 1, which was
/// most of a 1 km density run's time (0.42 of 1.3 CPU-s, measured); the streams here are
/// standard zlib, so every GeoTIFF reader reads the file, and the values are the same.
enum DeflateTileWriter {
    /// Tiles compressed per round before they are written in order (bounds the buffers).
    static let batch = 16

    static func append(_ bands: [Grid], type: RasterWriter.SampleType, to path: String) throws {
        let tile = RasterWriter.tile
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        let table = try TIFFTileTable(path: path, handle: handle)
        let g = bands[0]
        let across = (g.width + tile - 1) / tile, down = (g.height + tile - 1) / tile
        guard table.count == across * down * bands.count else {
            throw HinterlandError(path, "TIFF has \(table.count) tiles, expected \(across * down * bands.count)")
        }
        let size = type.bytes, raw = tile * tile * size, capacity = RunLengthDeflate.capacity(for: raw)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: batch * raw, alignment: 64)
        let packed = UnsafeMutableRawPointer.allocate(byteCount: batch * capacity, alignment: 64)
        let lengths = UnsafeMutableBufferPointer<Int>.allocate(capacity: batch)
        defer { scratch.deallocate(); packed.deallocate(); lengths.deallocate() }

        var end = try handle.seekToEnd()
        var offsets: [UInt64] = [], counts: [UInt64] = []
        offsets.reserveCapacity(table.count)
        counts.reserveCapacity(table.count)
        func emit(_ p: UnsafeRawPointer, _ n: Int) throws {
            try handle.write(contentsOf: Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: p), count: n, deallocator: .none))
            offsets.append(end)
            counts.append(UInt64(n))
            end += UInt64(n)
        }
        for grid in bands {
            // A tile of nodata, compressed once: written for every tile outside the data, as
            // readers that do not know GDAL's sparse files need every tile present.
            var empty: [UInt8] = []
            if grid.nodata != nil {
                RasterWriter.fillTile(grid, row: -1, column: -1, type: type, into: scratch)
                empty = [UInt8](repeating: 0, count: capacity)
                let n = empty.withUnsafeMutableBytes { RunLengthDeflate.compress(scratch, count: raw, unit: size, into: $0.baseAddress!) }
                empty.removeLast(empty.count - n)
            }
            try grid.values.withUnsafeBufferPointer { v in
                let base = UncheckedSendable(v.baseAddress!)
                for first in stride(from: 0, to: across * down, by: batch) {
                    let n = min(batch, across * down - first)
                    Parallel.forEach(n) { k in
                        let r = (first + k) / across, c = (first + k) % across
                        if RasterWriter.isNodataTile(grid, row: r, column: c, values: base.value) {
                            lengths[k] = -1
                            return
                        }
                        RasterWriter.fillTile(grid, row: r, column: c, type: type, into: scratch + k * raw)
                        lengths[k] = RunLengthDeflate.compress(scratch + k * raw, count: raw, unit: size, into: packed + k * capacity)
                    }
                    for k in 0..<n {
                        if lengths[k] < 0 {
                            try empty.withUnsafeBytes { try emit($0.baseAddress!, $0.count) }
                        } else {
                            try emit(packed + k * capacity, lengths[k])
                        }
                    }
                }
            }
        }
        try table.patch(handle, offsets: offsets, byteCounts: counts)
    }
}
