import Foundation

/// A file only its owner can read, created new: a secret is never written over another file, nor readable by
/// others for a moment.
enum PrivateFile {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    static func create(_ path: String, containing text: String) throws {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        try handle.write(contentsOf: Data(text.utf8))
        try handle.synchronize()
    }
}
