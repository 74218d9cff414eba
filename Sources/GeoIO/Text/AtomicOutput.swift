import Foundation
#if canImport(Glibc)
import Glibc
#endif
import GeoCore

/// Writes outputs so that a reader never sees half a file: everything is written into a
/// hidden temporary folder beside the target, then renamed into place (rename is atomic
/// within one file system). On any error the temporary folder is removed and the target
/// is left as it was.
public enum AtomicOutput {
    /// Calls `body` with a temporary path that has the same file name as `path`, then moves
    /// every file `body` created there (a shapefile makes several) next to `path`. Inside
    /// `transaction`, the move waits for the end of the transaction.
    public static func write(to path: String, _ body: (String) throws -> Void) throws {
        let fm = FileManager.default
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        var isDir: ObjCBool = false
        guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else {
            throw HinterlandError(path, "output folder \(dir.path) does not exist")
        }
        if fm.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw HinterlandError(path, "is a folder, not a file")
        }
        // No extension in the folder's name: GDAL's zip writer (XLSX) takes "x.xlsx." in a
        // folder name for an archive.
        let stem = url.lastPathComponent.replacingOccurrences(of: ".", with: "_")
        let tmp = dir.appendingPathComponent(".\(stem).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        // Register before creating, so that a signal in between still removes the folder.
        Interrupts.register(tmp.path)
        guard mkdir(tmp.path, 0o777) == 0 else {
            let reason = String(cString: strerror(errno))
            Interrupts.unregister(tmp.path)
            throw HinterlandError(path, "cannot write in \(dir.path): \(reason)")
        }
        var keep = false
        defer { if !keep { try? fm.removeItem(at: tmp); Interrupts.unregister(tmp.path) } }
        let tmpFile = tmp.appendingPathComponent(url.lastPathComponent).path
        do {
            try body(tmpFile)
        } catch var e as HinterlandError {
            // Messages name the file the user asked for, not the temporary one.
            e.subject = e.subject.replacingOccurrences(of: tmpFile, with: path).replacingOccurrences(of: tmp.path, with: dir.path)
            e.message = e.message.replacingOccurrences(of: tmpFile, with: path).replacingOccurrences(of: tmp.path, with: dir.path)
            throw e
        }
        if Transaction.add(tmp.path, dir.path) { keep = true; return }
        try moveIntoPlace(tmp.path, dir.path)
    }

    /// Runs `body`; the files it writes through `write` appear only if it succeeds, all
    /// together: a command with several outputs leaves all of them or none.
    public static func transaction(_ body: () throws -> Void) throws {
        Transaction.begin()
        do {
            try body()
        } catch {
            for (tmp, _) in Transaction.end() { try? FileManager.default.removeItem(atPath: tmp); Interrupts.unregister(tmp) }
            throw error
        }
        let pending = Transaction.end()
        defer { for (tmp, _) in pending { try? FileManager.default.removeItem(atPath: tmp); Interrupts.unregister(tmp) } }
        for (tmp, dir) in pending { try moveIntoPlace(tmp, dir) }
    }

    private static func moveIntoPlace(_ tmp: String, _ dir: String) throws {
        for name in try FileManager.default.contentsOfDirectory(atPath: tmp).sorted() {
            let dest = (dir as NSString).appendingPathComponent(name)
            if rename((tmp as NSString).appendingPathComponent(name), dest) != 0 {
                throw HinterlandError(dest, "cannot move the finished file into place: \(String(cString: strerror(errno)))")
            }
        }
    }

    /// Temporary folders waiting for the end of a transaction (outputs may be written in parallel).
    private enum Transaction {
        private static let lock = NSLock()
        nonisolated(unsafe) private static var pending: [(String, String)]?

        static func begin() { lock.lock(); pending = []; lock.unlock() }
        static func end() -> [(String, String)] { lock.lock(); defer { pending = nil; lock.unlock() }; return pending ?? [] }
        static func add(_ tmp: String, _ dir: String) -> Bool {
            lock.lock(); defer { lock.unlock() }
            guard pending != nil else { return false }
            pending!.append((tmp, dir))
            return true
        }
    }

    /// Creates a folder and its parents (mkdir -p), with the system's reason on failure.
    public static func makeFolder(_ path: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { return }
            throw HinterlandError(path, "exists and is not a folder")
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && parent != path { try makeFolder(parent) }
        if mkdir(path, 0o777) != 0 && errno != EEXIST {
            throw HinterlandError(path, "cannot create the folder: \(String(cString: strerror(errno)))")
        }
    }

    /// Writes text (UTF-8) atomically.
    public static func write(text: String, to path: String) throws {
        try write(to: path) { tmp in try writeFile(Array(text.utf8), to: tmp) }
    }

    /// Writes bytes with plain POSIX calls, so that a full disk or a read-only folder is
    /// reported as the system says it (No space left on device), not as a Foundation error code.
    public static func writeFile(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o666)
        guard fd >= 0 else { throw HinterlandError(path, String(cString: strerror(errno))) }
        var failure: Int32 = 0
        bytes.withUnsafeBytes { buf in
            var done = 0
            while done < buf.count {
                let n = Glibc.write(fd, buf.baseAddress! + done, buf.count - done)
                if n < 0 { if errno == EINTR { continue }; failure = errno; return }
                done += n
            }
        }
        if close(fd) != 0 && failure == 0 { failure = errno }
        if failure != 0 { throw HinterlandError(path, String(cString: strerror(failure))) }
    }
}

/// SIGINT and SIGTERM remove every temporary output folder still being written, then end the
/// process with the conventional status (130, 143): an interrupted run leaves no partial file.
public enum Interrupts {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var active = Set<String>()

    /// Call first thing in main, before any other thread exists. The signals are blocked in
    /// this thread, so every thread started later inherits the mask and a signal stays pending
    /// until the waiting thread takes it: there is no moment at which one is ignored or lost
    /// (ignoring them first and then starting a handler lost a few SIGTERMs near start-up).
    public static func install() {
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, SIGINT)
        sigaddset(&set, SIGTERM)
        pthread_sigmask(SIG_BLOCK, &set, nil)
        let blocked = set
        let waiter = Thread {
            var wanted = blocked, sig: Int32 = 0
            while sigwait(&wanted, &sig) != 0 {}
            lock.lock()
            for dir in active { try? FileManager.default.removeItem(atPath: dir) }
            active.removeAll()
            _exit(128 + sig)
        }
        waiter.start()
    }

    static func register(_ dir: String) { lock.lock(); active.insert(dir); lock.unlock() }
    static func unregister(_ dir: String) { lock.lock(); active.remove(dir); lock.unlock() }
}
