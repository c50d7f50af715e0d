/// The version of PrintCloud's programs, in this one place: `--version` of the server and the client prints
/// it, the client reports it at sign-in, and the packages take theirs from it.
public enum PrintCloudVersion {
    public static let current = "0.2.0"
}
