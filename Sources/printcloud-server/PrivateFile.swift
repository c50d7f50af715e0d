import Foundation

/// A file only its owner can read, holding a secret: written whole to a new file that nobody else can read, not
/// even for a moment, then moved into place over any older one.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func write(_ path: String, containing text: String) throws {
        let temporary = path + ".new-\(getpid())"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            unlink(temporary)
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: reason)
        }
    }
}
