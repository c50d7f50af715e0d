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

    var configPath: String { config ?? (system ? ClientConfig.systemPath : ClientConfig.defaultPath) }

    var ledgerPath: String {
        ledger ?? (system ? ClientConfig.systemStateDirectory : ClientConfig.defaultStateDirectory) + "/ledger.sqlite"
    }
}
