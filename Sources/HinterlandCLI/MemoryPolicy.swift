import Foundation
#if canImport(Glibc)
import CMalloc
import Glibc
#endif

/// How the CLI asks glibc to manage memory. A 1 km China grid is 10^7–10^8 cells, and glibc
/// would map each such array fresh and unmap it when freed, so every temporary grid costs
/// page faults and kernel page zeroing (measured: close to half the run time of a 1 km cost
/// allocation on this VM). Serving large blocks from the heap and never trimming it lets
/// the next grid reuse the pages of the last one; peak memory is unchanged.
enum MemoryPolicy {
    static func apply() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_MAX, 0)
        _ = mallopt(M_TRIM_THRESHOLD, Int32.max)
        _ = mallopt(M_TOP_PAD, 64 << 20)
        if wantsHugePages { reserveHugePageHeap(bytes: 1 << 30) }
        #endif
    }

    /// HINTERLAND_HUGEPAGES=1 or 0 decides; unset, huge pages are used unless this is a VM
    /// whose balloon reports free memory to its host (virtio-balloon feature bit 5,
    /// VIRTIO_BALLOON_F_REPORTING). Such a guest hands the host back free 2 MB blocks a
    /// couple of seconds after they are freed, so a huge page usually arrives unbacked and the
    /// host faults it in while the guest zeroes it: on this VM a density run after a pause
    /// took 1.05–1.28 s with huge pages (sys 0.64–0.74 s) and 0.81–0.90 s without (sys
    /// 0.15–0.20 s); straight after another run, 0.67–0.75 s with them. 4 KB pages come from
    /// recently freed memory the host still backs.
    static var wantsHugePages: Bool {
        if let v = getenv("HINTERLAND_HUGEPAGES").map({ String(cString: $0) }) { return v != "0" && v.lowercased() != "no" }
        return !balloonReportsFreePages()
    }

    static func balloonReportsFreePages() -> Bool {
        let root = "/sys/bus/virtio/devices"
        for d in (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [] {
            guard let id = try? String(contentsOfFile: "\(root)/\(d)/device", encoding: .utf8),
                  id.trimmingCharacters(in: .whitespacesAndNewlines) == "0x0005",
                  let bits = try? String(contentsOfFile: "\(root)/\(d)/features", encoding: .utf8) else { continue }
            let b = Array(bits.utf8)
            if b.count > 5 && b[5] == UInt8(ascii: "1") { return true }
        }
        return false
    }

    #if canImport(Glibc)
    /// Grows the heap by `bytes` of address space (no memory is touched, so none is used) and
    /// asks for transparent huge pages there: a grid then faults in 2 MB at a time instead of
    /// 4 KB (a 1 km China grid: 28,000 faults become 60), and the cost search's random
    /// accesses miss the TLB far less: back to back on this VM, wall time −5 to −8 % for
    /// density, zonal and cost. Kernels whose THP mode is `never` ignore the advice;
    /// `always` needs none.
    /// Not under strict overcommit (mode 2), where the reserved address space would count
    /// against the commit limit for the whole run.
    static func reserveHugePageHeap(bytes: Int) {
        if let mode = try? String(contentsOfFile: "/proc/sys/vm/overcommit_memory", encoding: .utf8),
           mode.trimmingCharacters(in: .whitespacesAndNewlines) == "2" { return }
        guard let p = malloc(bytes) else { return }   // a brk extension: M_MMAP_MAX is 0
        free(p)                                       // back to the heap's top, not trimmed
        let huge = UInt(2 << 20)
        let start = (UInt(bitPattern: p) + huge - 1) & ~(huge - 1)
        let end = UInt(bitPattern: sbrk(0)) & ~(huge - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_HUGEPAGE)
    }
    #endif
}
