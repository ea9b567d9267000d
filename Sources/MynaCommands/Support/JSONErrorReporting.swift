/// A command whose `--json` flag also turns its errors into JSON objects on stderr (see `ErrorReport`).
protocol JSONErrorReporting {
    /// Whether this run asked for JSON output.
    var reportsErrorsAsJSON: Bool { get }
}

/// Whether a command line that could not be parsed into a command asked for JSON (`--json` before any `--`).
enum JSONErrorRequest {
    static func isRequested(in arguments: [String]) -> Bool {
        let options = arguments.prefix(while: { $0 != "--" })
        return options.contains("--json") || options.contains("--format=json")
            || zip(options, options.dropFirst()).contains { $0 == "--format" && $1 == "json" }
    }
}

extension Transcribe: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json || format == .json } }
extension Dictate: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Say: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Vocode: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Spectrogram: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Record: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Devices: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Models: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Info: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension VAD: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Embed: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Enroll: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Verify: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension Identify: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension SpeakersList: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension SpeakersShow: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension SpeakersRemove: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension SpeakersRename: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension SpeakersImport: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
extension SpeakersEvaluate: JSONErrorReporting { var reportsErrorsAsJSON: Bool { json } }
