import ArgumentParser
import Foundation

/// The client as the system service of the printcloud-client package: its user, and how it is restarted.
enum SystemService {
    static let name = "printcloud-client"
    static let user = "printcloud-client"

    /// Makes the service's user own `path`, so the service can read the key and save its computer id there.
    static func handOver(_ path: String) throws {
        guard let account = getpwnam(user) else {
            throw ValidationError("no \(user) user here: install the printcloud-client package first")
        }
        guard chown(path, account.pointee.pw_uid, account.pointee.pw_gid) == 0 else {
            throw ValidationError("cannot give \(path) to \(user): \(String(cString: strerror(errno)))")
        }
    }

    /// Restarts the service so it signs in with the new key: through systemd where it runs, else through its init
    /// script. Says what happened.
    static func restart() -> String {
        let restarted =
            FileManager.default.fileExists(atPath: "/run/systemd/system")
            ? run(["systemctl", "enable", "--quiet", name]) && run(["systemctl", "restart", name])
            : run(["service", name, "restart"])
        return restarted
            ? "The \(name) service is running with the new key."
            : "The \(name) service could not be restarted (see above); check `printcloud-client status --system`."
    }

    private static func run(_ command: [String]) -> Bool {
        let process = Process()
        // By name, as a shell would: systemctl and service live in /bin, /usr/bin or /usr/sbin depending on the system.
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = command
        do {
            try process.run()
        } catch {
            return false
        }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }
}
