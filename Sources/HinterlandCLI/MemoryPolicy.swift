#if canImport(Glibc)
import CMalloc
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
        #endif
    }
}
