import ArgumentParser
import PrintCloudClient

/// Where a command finds the config and the job ledger: the user's own files, or with `--system` those of the
/// system service that the printcloud-client package installs.
struct ClientPaths: ParsableArguments {
    @Flag(help: "Use the system service's files: /etc/printcloud/client.json and /var/lib/printcloud-client.")
    var system = false

    @Option(help: "Config file. Default: $XDG_CONFIG_HOME/printcloud/client.json.")
    var config: String?

    @Option(help: "Job ledger file. Default: $XDG_STATE_HOME/printcloud/ledger.sqlite.")
    var ledger: String?

    /// With `--system`: the service's environment file read, and, when run as root, the service's user become.
    func prepare() throws {
        guard system else { return }
        SystemService.loadEnvironmentFile()
        try SystemService.becomeServiceUser()
    }

    var configPath: String { config ?? (system ? ClientConfig.systemPath : ClientConfig.defaultPath) }

    var ledgerPath: String {
        ledger ?? (system ? ClientConfig.systemStateDirectory : ClientConfig.defaultStateDirectory) + "/ledger.sqlite"
    }
}
