import Foundation
import GeoCore

/// Writes outputs so that a reader never sees half a file: everything is written into a
/// hidden temporary folder beside the target, then renamed into place (rename is atomic
/// within one file system). On any error the temporary folder is removed and the target
/// is left as it was.
public enum AtomicOutput {
    /// Calls `body` with a temporary path that has the same file name as `path`, then moves
    /// every file `body` created there (a shapefile makes several) next to `path`.
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
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        do {
            try fm.createDirectory(at: tmp, withIntermediateDirectories: false)
        } catch {
            throw HinterlandError(path, "cannot write in \(dir.path) (\(error.localizedDescription))")
        }
        Interrupts.register(tmp.path)
        defer { try? fm.removeItem(at: tmp); Interrupts.unregister(tmp.path) }
        try body(tmp.appendingPathComponent(url.lastPathComponent).path)
        for name in try fm.contentsOfDirectory(atPath: tmp.path).sorted() {
            let dest = dir.appendingPathComponent(name).path
            if rename(tmp.appendingPathComponent(name).path, dest) != 0 {
                throw HinterlandError(dest, "cannot move the finished file into place (\(String(cString: strerror(errno))))")
            }
        }
    }

    /// Writes text (UTF-8) atomically.
    public static func write(text: String, to path: String) throws {
        try write(to: path) { tmp in
            do {
                try Data(text.utf8).write(to: URL(fileURLWithPath: tmp))
            } catch {
                throw HinterlandError(path, "cannot write (\(error.localizedDescription))")
            }
        }
    }
}

/// SIGINT and SIGTERM remove every temporary output folder still being written, then end the
/// process with the conventional status (130, 143): an interrupted run leaves no partial file.
public enum Interrupts {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var active = Set<String>()
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    public static func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let src = DispatchSource.makeSignalSource(signal: sig, queue: DispatchQueue.global())
            src.setEventHandler {
                lock.lock()
                for dir in active { try? FileManager.default.removeItem(atPath: dir) }
                active.removeAll()
                lock.unlock()
                _exit(128 + sig)
            }
            src.resume()
            sources.append(src)
        }
    }

    static func register(_ dir: String) { lock.lock(); active.insert(dir); lock.unlock() }
    static func unregister(_ dir: String) { lock.lock(); active.remove(dir); lock.unlock() }
}
