import Foundation

/// Writes one error to stderr in the form the command line promises (README "Exit codes"): the line
/// `myna: error: <message>`, or with `--json` one JSON object on one line, `{"error":{"code":2,"message":"…"}}`.
enum ErrorReport {
    /// What `--json` commands print on stderr for each error.
    struct JSONObject: Codable, Equatable {
        struct Body: Codable, Equatable {
            /// The exit code this error alone would give.
            var code: Int32
            /// The same text as the plain line after `myna: error: `.
            var message: String
        }
        var error: Body
    }

    /// Reports `error` (mapped by `MynaErrorLine`) and returns its exit code.
    @discardableResult
    static func write(_ error: Error, json: Bool) -> Int32 {
        let code = MynaErrorLine.exitCode(for: error)
        write(message: MynaErrorLine.message(for: error), code: code, json: json)
        return code
    }

    /// Reports the failure of one of several input files and returns its exit code; the message names the file.
    @discardableResult
    static func write(_ error: Error, file path: String, json: Bool) -> Int32 {
        let code = MynaErrorLine.exitCode(for: error)
        write(message: MynaErrorLine.line(for: error) ?? "\(path): \(MynaErrorLine.message(for: error))", code: code, json: json)
        return code
    }

    /// Reports a message with the exit code it stands for; `details` (a usage hint) follows the plain line only.
    static func write(message: String, code: Int32, json: Bool, details: String = "") {
        // stdin's temporary copy is named as the user named it.
        let message = StandardInput.describe(message)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            let object = JSONObject(error: .init(code: code, message: message))
            let data = (try? encoder.encode(object)) ?? Data(#"{"error":{"code":\#(code),"message":"?"}}"#.utf8)
            FileHandle.standardError.write(data + Data("\n".utf8))
        } else {
            FileHandle.standardError.write(Data("myna: error: \(message)\n\(details)".utf8))
        }
    }
}
