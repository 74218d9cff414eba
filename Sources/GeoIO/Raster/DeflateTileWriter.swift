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
        let stream = try Stream(path: path, template: bands[0], bands: bands.count, type: type)
        for grid in bands { try stream.append(grid) }
        try stream.finish()
    }

    /// Tiles appended a band of tile rows at a time (a grid too large to hold is written as
    /// it is made), then the tile table patched by `finish`. Tile order: band, row, column.
    final class Stream {
        let path: String, type: RasterWriter.SampleType
        let handle: FileHandle
        let table: TIFFTileTable
        let across: Int
        let raw: Int, capacity: Int
        let scratch: UnsafeMutableRawPointer, packed: UnsafeMutableRawPointer
        let lengths: UnsafeMutableBufferPointer<Int>
        var end: UInt64
        var offsets: [UInt64] = [], counts: [UInt64] = []
        /// A tile of nodata, compressed once: written for every tile outside the data, as
        /// readers that do not know GDAL's sparse files need every tile present.
        var empty: [UInt8] = []
        /// Bands after the first, when rows come for all bands at once: their tiles wait in a
        /// file beside the output until the first band is complete, so the file keeps the tile
        /// order (band, row, column) of a whole-grid write, byte for byte.
        var spools: [Spool] = []

        final class Spool {
            let path: String, handle: FileHandle
            var offsets: [UInt64] = [], counts: [UInt64] = [], end: UInt64 = 0
            init(path: String) throws {
                self.path = path
                guard FileManager.default.createFile(atPath: path, contents: nil) else { throw HinterlandError(path, "cannot create a temporary file") }
                handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            }
            deinit { try? handle.close(); try? FileManager.default.removeItem(atPath: path) }
        }

        init(path: String, template g: Grid, bands: Int, type: RasterWriter.SampleType, spoolLaterBands: Bool = false) throws {
            self.path = path; self.type = type
            let tile = RasterWriter.tile
            handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
            table = try TIFFTileTable(path: path, handle: handle)
            across = (g.width + tile - 1) / tile
            let down = (g.height + tile - 1) / tile
            guard table.count == across * down * bands else {
                try? handle.close()
                throw HinterlandError(path, "TIFF has \(table.count) tiles, expected \(across * down * bands)")
            }
            raw = tile * tile * type.bytes
            capacity = RunLengthDeflate.capacity(for: raw)
            scratch = .allocate(byteCount: batch * raw, alignment: 64)
            packed = .allocate(byteCount: batch * capacity, alignment: 64)
            lengths = .allocate(capacity: batch)
            end = try handle.seekToEnd()
            offsets.reserveCapacity(table.count)
            counts.reserveCapacity(table.count)
            if g.nodata != nil {
                var pad = g
                pad.values = []
                RasterWriter.fillTile(pad, row: -1, column: -1, type: type, into: scratch)
                empty = [UInt8](repeating: 0, count: capacity)
                let n = empty.withUnsafeMutableBytes { RunLengthDeflate.compress(scratch, count: raw, unit: type.bytes, into: $0.baseAddress!) }
                empty.removeLast(empty.count - n)
            }
            spools = !spoolLaterBands ? [] : try (1..<max(bands, 1)).map { try Spool(path: path + ".band\($0 + 1)") }
        }

        deinit {
            scratch.deallocate(); packed.deallocate(); lengths.deallocate()
            try? handle.close()
        }

        private func emit(_ p: UnsafeRawPointer, _ n: Int, band: Int) throws {
            let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: p), count: n, deallocator: .none)
            if band > 0 {
                let s = spools[band - 1]
                try s.handle.write(contentsOf: data)
                s.offsets.append(s.end); s.counts.append(UInt64(n)); s.end += UInt64(n)
                return
            }
            try handle.write(contentsOf: data)
            offsets.append(end)
            counts.append(UInt64(n))
            end += UInt64(n)
        }

        /// Appends the tiles of `rows`: whole tile rows of the image (a height that is a
        /// multiple of the tile size, or the image's last rows), its cells in `rows.values`.
        /// `band` > 0 (rows given for every band together) holds the tiles until `finish`.
        func append(_ rows: Grid, band: Int = 0) throws {
            let tile = RasterWriter.tile, size = type.bytes
            let down = (rows.height + tile - 1) / tile
            try rows.values.withUnsafeBufferPointer { v in
                let base = UncheckedSendable(v.baseAddress!)
                for first in stride(from: 0, to: across * down, by: batch) {
                    let n = min(batch, across * down - first)
                    let (scratch, packed, lengths, raw, capacity, across) = (self.scratch, self.packed, self.lengths, self.raw, self.capacity, self.across)
                    Parallel.forEach(n) { k in
                        let r = (first + k) / across, c = (first + k) % across
                        if RasterWriter.isNodataTile(rows, row: r, column: c, values: base.value) {
                            lengths[k] = -1
                            return
                        }
                        RasterWriter.fillTile(rows, row: r, column: c, type: type, into: scratch + k * raw)
                        lengths[k] = RunLengthDeflate.compress(scratch + k * raw, count: raw, unit: size, into: packed + k * capacity)
                    }
                    for k in 0..<n {
                        if lengths[k] < 0 {
                            try empty.withUnsafeBytes { try emit($0.baseAddress!, $0.count, band: band) }
                        } else {
                            try emit(packed + k * capacity, lengths[k], band: band)
                        }
                    }
                }
            }
        }

        /// Writes the tile table; every tile must have been appended.
        func finish() throws {
            for s in spools {
                try s.handle.seek(toOffset: 0)
                while let chunk = try s.handle.read(upToCount: 1 << 24), !chunk.isEmpty { try handle.write(contentsOf: chunk) }
                offsets += s.offsets.map { $0 + end }
                counts += s.counts
                end += s.end
            }
            spools = []
            guard offsets.count == table.count else {
                throw HinterlandError(path, "\(offsets.count) of \(table.count) tiles written")
            }
            try table.patch(handle, offsets: offsets, byteCounts: counts)
        }
    }
}
