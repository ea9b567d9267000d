import ArgumentParser
import Foundation
import MynaKit

/// The checks of `myna spectrogram`'s output names, made before any audio is read: the picture is PNG only (Debian's
/// libpng is the one image encoder Myna links), so a name that promises another format is refused rather than given
/// PNG bytes, and stdout can carry the picture or the summary, not both.
enum SpectrogramDestinations {
    /// Refuses `-o` with an extension other than `.png` (any case; none is fine: `/dev/null`, `-`), `--npy` with one
    /// other than `.npy`, `--npy -`, and `-o -` with `--json`.
    static func validate(png: String, npy: String?, json: Bool) throws {
        if let found = pathExtension(png), found != "png" {
            throw ValidationError("""
                -o \(png): spectrogram writes PNG pictures only, not .\(found); name the file with .png \
                (convert it afterwards if you need another format).
                """)
        }
        if let npy {
            if npy == StandardInput.dash { throw ValidationError("--npy -: name a .npy file (stdout is for the picture or the summary).") }
            if let found = pathExtension(npy), found != "npy" {
                throw ValidationError("--npy \(npy): this writes a NumPy array, not .\(found); name the file with .npy.")
            }
        }
        if json && png == StandardInput.dash {
            throw ValidationError("-o - writes the picture to stdout, so --json has nowhere to go; name a .png file to get both.")
        }
    }

    /// PNG bytes on a terminal are noise at best: refused, as `say` refuses WAV there.
    static func requireStandardOutputNotTerminal() throws {
        guard !StandardOutput.isTerminal else {
            throw OutputFileError(.invalidDestination, location: StandardOutput.name, message: """
                is a terminal; -o - writes a PNG picture there: redirect it (> out.png) or pipe it
                """)
        }
    }

    /// The lower-cased extension of the last path component, nil when it has none (a leading dot is not one).
    static func pathExtension(_ path: String) -> String? {
        let name = path.split(separator: "/").last.map(String.init) ?? ""
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex, name.index(after: dot) != name.endIndex else { return nil }
        return name[name.index(after: dot)...].lowercased()
    }
}
