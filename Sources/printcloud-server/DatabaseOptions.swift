import ArgumentParser
import Foundation
import Logging
import PrintCloudServer

/// `--database` and logging, shared by every command.
struct DatabaseOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "SQLite file path, or a postgres://user:password@host:port/database URL.",
            discussion: "Default: $PRINTCLOUD_DATABASE, else printcloud.sqlite in the working directory.",
            valueName: "path-or-url"))
    var database: String?

    @Option(help: "Log level: trace, debug, info, notice, warning, error or critical. Default: $LOG_LEVEL, else info.")
    var logLevel: String?

    @Option(help: "Log format: text (for people) or json (one object a line, for log collectors).")
    var logFormat: LogFormat = .text

    enum LogFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    var location: DatabaseLocation {
        DatabaseLocation(
            database ?? ProcessInfo.processInfo.environment["PRINTCLOUD_DATABASE"] ?? DatabaseLocation.defaultPath)
    }

    func validate() throws {
        if let level = logLevel, Logger.Level(rawValue: level) == nil {
            throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error, critical")
        }
    }

    /// Logs go to standard error, so standard output carries only what a command prints for people and scripts.
    func makeLogger() -> Logger {
        let level =
            logLevel.flatMap(Logger.Level.init(rawValue:))
            ?? ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
        LoggingSystem.bootstrap { [logFormat] label in
            switch logFormat {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                return JSONLogHandler(label: label, logLevel: level)
            }
        }
        return Logger(label: "printcloud")
    }
}

/// Writes one JSON object on standard output.
func printJSON(_ value: some Encodable) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.withoutEscapingSlashes]
    writeLine(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// Writes a line on standard output at once, unbuffered, so a script or test reading a pipe sees it.
func writeLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
