import Foundation
import MynaKit

extension TranscriptOutputPlan {
    /// Makes the plan writable before any work: creates a missing `--output-dir` (with its parents, once), then checks
    /// every destination, so a run that cannot write its results fails at once, not after transcribing.
    /// - Throws: `OutputFileError` `.invalidDestination` naming the folder or file and the problem (exit 2).
    func prepareDestinations() throws {
        if let directory { try Self.createFolder(directory) }
        for case .file(let path) in targets { try OutputFile.checkDestination(path) }
    }

    private static func createFolder(_ path: String) throws {
        var status = stat()
        if stat(path, &status) == 0 {
            guard status.st_mode & S_IFMT == S_IFDIR else {
                throw OutputFileError(.invalidDestination, location: path, message: "is not a folder; --output-dir needs a folder")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw OutputFileError(.invalidDestination, location: path, message: "cannot create this folder for --output-dir: \(reason(error))")
        }
    }

    /// The system's reason, in its words (`Permission denied`, `Not a directory`), rather than Foundation's.
    private static func reason(_ error: Error) -> String {
        let underlying = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError
        if let underlying, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return (error as NSError).localizedDescription
    }
}
