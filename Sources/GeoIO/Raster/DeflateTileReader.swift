import CDeflate
import Foundation
import GeoCore

/// Reads one band of a tiled little-endian GeoTIFF whose samples are Float32, DEFLATE-
/// compressed or not, with no predictor: each tile is read with `pread` and inflated by
/// libdeflate into a per-thread scratch tile, and its rows copied into the caller's, on all
/// cores. That is what GDAL does too, but through libtiff and its block cache, which copies
/// every decoded tile once more into fresh memory. With it, and only the tiles some zone
/// reaches decoded, zonal sums of the 1 km China density took 0.23 instead of 0.36 CPU-s
/// (measured). Any other layout (strips, LZW, predictors, integer samples, pixel-interleaved
/// bands, big-endian) is read through GDAL: `open` returns nil for it.
final class DeflateTileReader: @unchecked Sendable {
    let path: String
    let width: Int, height: Int
    let tileWidth: Int, tileHeight: Int
    let across: Int, down: Int
    private let offsets: [UInt64], counts: [UInt64]
    private let compressed: Bool
    private let fill: Float
    private let fd: Int32
    /// Per worker: a compressed tile, a decoded tile and an inflater.
    private let slots: [Slot]

    private final class Slot: @unchecked Sendable {
        let packed: UnsafeMutableRawPointer
        let tile: UnsafeMutableRawPointer
        let inflater: OpaquePointer
        init(packed: Int, tile: Int) {
            self.packed = .allocate(byteCount: max(packed, 1), alignment: 64)
            self.tile = .allocate(byteCount: tile, alignment: 64)
            inflater = libdeflate_alloc_decompressor()
        }
        deinit { packed.deallocate(); tile.deallocate(); libdeflate_free_decompressor(inflater) }
    }

    /// The reader for band `band` (from 1) of the TIFF at `path`, which GDAL has opened as
    /// `width` × `height`; nil when its layout is not one this reader handles (or the file
    /// cannot be opened as a plain file). `nodata` fills tiles the file leaves out (sparse).
    static func open(path: String, band: Int, width: Int, height: Int, nodata: Float?) -> DeflateTileReader? {
        guard 1.littleEndian == 1, let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let dir = try? TIFFDirectory(path: path, handle: handle) else { return nil }
        func value(_ tag: Int) -> UInt64? { (try? dir.integer(tag, from: handle)) ?? nil }
        func values(_ tag: Int) -> [UInt64]? { (try? dir.integers(tag, from: handle)) ?? nil }
        let samples = Int(value(277) ?? 1)
        guard value(256) == UInt64(width), value(257) == UInt64(height),
              let bits = values(258), bits.allSatisfy({ $0 == 32 }),
              let format = values(339), format.allSatisfy({ $0 == 3 }),
              let compression = value(259), [1, 8, 32946].contains(compression),
              (value(317) ?? 1) == 1,
              samples == 1 || value(284) == 2, band >= 1, band <= samples,
              let tw = value(322).map(Int.init), let th = value(323).map(Int.init), tw > 0, th > 0,
              let offsets = values(324), let counts = values(325), offsets.count == counts.count
        else { return nil }
        let across = (width + tw - 1) / tw, down = (height + th - 1) / th
        let first = (band - 1) * across * down
        guard offsets.count >= first + across * down else { return nil }
        let fd = Glibc.open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        return DeflateTileReader(path: path, width: width, height: height, tileWidth: tw, tileHeight: th,
                                 offsets: Array(offsets[first..<(first + across * down)]),
                                 counts: Array(counts[first..<(first + across * down)]),
                                 compressed: compression != 1, fill: nodata ?? 0, fd: fd)
    }

    private init(path: String, width: Int, height: Int, tileWidth: Int, tileHeight: Int, offsets: [UInt64], counts: [UInt64],
                 compressed: Bool, fill: Float, fd: Int32) {
        self.path = path
        self.width = width; self.height = height
        self.tileWidth = tileWidth; self.tileHeight = tileHeight
        across = (width + tileWidth - 1) / tileWidth
        down = (height + tileHeight - 1) / tileHeight
        self.offsets = offsets; self.counts = counts
        self.compressed = compressed
        self.fill = fill
        self.fd = fd
        let largest = Int(min(counts.max() ?? 0, UInt64(Int.max)))
        slots = (0..<Parallel.threads).map { _ in Slot(packed: largest, tile: tileWidth * tileHeight * 4) }
    }

    deinit { close(fd) }

    /// Reads rows `rows` of the cell columns `columns` (disjoint ranges, in order): cell (r, c)
    /// goes to `out[(r − rows.lowerBound)·lineStride + c − firstColumn]`. Each tile the
    /// columns touch is decoded once and all of its columns inside them are copied.
    func read(rows: Range<Int>, columns: [Range<Int>], into out: UnsafeMutablePointer<Float>, lineStride: Int, firstColumn: Int) throws {
        guard rows.lowerBound >= 0, rows.upperBound <= height, columns.allSatisfy({ $0.lowerBound >= 0 && $0.upperBound <= width }) else {
            throw HinterlandError(path, "cannot read rows \(rows), columns \(columns) of a \(width) × \(height) raster")
        }
        var tiles: [(row: Int, column: Int)] = []
        let tr = (rows.lowerBound / tileHeight)..<((rows.upperBound + tileHeight - 1) / tileHeight)
        var seen = Set<Int>()
        for c in columns where !c.isEmpty {
            for tc in (c.lowerBound / tileWidth)...((c.upperBound - 1) / tileWidth) where seen.insert(tc).inserted {
                for r in tr { tiles.append((r, tc)) }
            }
        }
        let failures = UnsafeMutableBufferPointer<String?>.allocate(capacity: slots.count)
        failures.initialize(repeating: nil)
        defer { failures.deinitialize(); failures.deallocate() }
        let target = UncheckedSendable(out)
        Parallel.forEach(slots.count) { w in
            let slot = slots[w]
            for k in stride(from: w, to: tiles.count, by: slots.count) {
                let t = tiles[k]
                if let problem = decode(row: t.row, column: t.column, slot: slot) { failures[w] = problem; return }
                copy(slot.tile, row: t.row, column: t.column, rows: rows, columns: columns, to: target.value,
                     lineStride: lineStride, firstColumn: firstColumn)
            }
        }
        if let problem = failures.compactMap({ $0 }).first { throw HinterlandError(path, problem) }
    }

    /// Decodes tile (row, column) into the slot's tile buffer; returns what is wrong, if anything.
    private func decode(row: Int, column: Int, slot: Slot) -> String? {
        let i = row * across + column
        let n = Int(counts[i]), size = tileWidth * tileHeight * 4
        if offsets[i] == 0 || n == 0 {          // a sparse tile: GDAL reads it as nodata
            slot.tile.initializeMemory(as: Float.self, repeating: fill, count: tileWidth * tileHeight)
            return nil
        }
        let into = compressed ? slot.packed : slot.tile
        guard compressed || n >= size else { return "tile \(column),\(row) holds \(n) of \(size) bytes" }
        let want = compressed ? n : size
        var got = 0
        while got < want {
            let r = pread(fd, into + got, want - got, off_t(offsets[i]) + off_t(got))
            guard r > 0 else { return "tile \(column),\(row) truncated (read \(got) of \(want) bytes at \(offsets[i]))" }
            got += r
        }
        guard compressed else { return nil }
        var produced = 0
        let result = libdeflate_zlib_decompress(slot.inflater, slot.packed, n, slot.tile, size, &produced)
        guard result == LIBDEFLATE_SUCCESS, produced == size else {
            return "tile \(column),\(row) is not a valid DEFLATE stream of \(size) bytes"
        }
        return nil
    }

    /// Copies a decoded tile's cells that lie in `rows` × `columns` to the caller's rows.
    private func copy(_ tile: UnsafeMutableRawPointer, row: Int, column: Int, rows: Range<Int>, columns: [Range<Int>],
                      to out: UnsafeMutablePointer<Float>, lineStride: Int, firstColumn: Int) {
        let cells = tile.assumingMemoryBound(to: Float.self)
        let r0 = max(row * tileHeight, rows.lowerBound), r1 = min((row + 1) * tileHeight, rows.upperBound, height)
        let t0 = column * tileWidth, t1 = min(t0 + tileWidth, width)
        for c in columns {
            let c0 = max(c.lowerBound, t0), c1 = min(c.upperBound, t1)
            guard c0 < c1 else { continue }
            for r in r0..<r1 {
                (out + (r - rows.lowerBound) * lineStride + (c0 - firstColumn))
                    .update(from: cells + (r - row * tileHeight) * tileWidth + (c0 - t0), count: c1 - c0)
            }
        }
    }
}
