import ArgumentParser
import Foundation
import PrintCloudClient

/// The client as the system service of the printcloud-client package: its user, and how it is restarted.
enum SystemService {
    static let name = "printcloud-client"
    static let user = "printcloud-client"
    /// The service's proxy and CUPS settings, `KEY=VALUE` lines.
    static let environmentFile = "/etc/printcloud/client.env"

    /// Refuses `login --system` where it could not save the key for the service.
    static func checkCanSignIn() throws {
        guard getuid() == 0 else { throw ValidationError("--system writes \(ClientConfig.systemPath): run it as root") }
        _ = try serviceAccount()
    }

    /// The service user's ids, or why there are none.
    private static func serviceAccount() throws -> (uid: uid_t, gid: gid_t) {
        guard let account = getpwnam(user) else {
            throw ValidationError("no \(user) user here: install the printcloud-client package first")
        }
        return (account.pointee.pw_uid, account.pointee.pw_gid)
    }

    /// Adds the environment file's settings (`HTTPS_PROXY=…`) that the environment does not already have, so a
    /// command run by an admin reaches the server as the service does.
    static func loadEnvironmentFile() {
        guard let text = try? String(contentsOfFile: environmentFile, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            let line = line.trimmingCharacters(in: .whitespaces)
            guard !line.hasPrefix("#"), let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, let quote = value.first, quote == "'" || quote == "\"", value.last == quote {
                value = String(value.dropFirst().dropLast())
            }
            setenv(key, value, 0)
        }
    }

    /// Becomes the service's user when run as root with `--system`, so that files the command creates (the job
    /// ledger) belong to the service, as if it had made them.
    static func becomeServiceUser() throws {
        guard getuid() == 0 else { return }
        let (uid, gid) = try serviceAccount()
        guard setgroups(0, nil) == 0, setgid(gid) == 0, setuid(uid) == 0 else {
            throw ValidationError("cannot become \(user): \(String(cString: strerror(errno)))")
        }
    }

    /// Makes the service's user own `path`, so the service can read the key and save its computer id there.
    static func handOver(_ path: String) throws {
        let (uid, gid) = try serviceAccount()
        guard chown(path, uid, gid) == 0 else {
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
