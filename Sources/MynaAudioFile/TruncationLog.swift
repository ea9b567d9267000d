import Foundation

/// Reads the data size a WAV-like header declared out of libsndfile's parse log.
///
/// libsndfile silently shortens a data chunk that runs past the end of the file and only notes it in its log, as
/// `data : 308960 (should be 99956)` (WAV, W64, RF64) or `SSND : … (should be …)` (AIFF). The declared size is what the
/// file promised; the "should be" size is what is present.
enum TruncationLog {
    /// Sizes at or above 2^31 − 1 bytes are what streaming writers put in a header they cannot go back and fix
    /// ("length unknown"), not a promise.
    private static let unknownLengthMarker: Int64 = 0x7FFF_FFFF

    /// Frames the header declared, when the log shows a data chunk longer than the file; nil otherwise.
    static func declaredFrames(log: String, bytesPerFrame: Int) -> Int64? {
        guard bytesPerFrame > 0 else { return nil }
        for line in log.split(separator: "\n") {
            let trimmed = line.drop { $0 == " " }
            guard trimmed.hasPrefix("data") || trimmed.hasPrefix("SSND"),
                  let colon = trimmed.firstIndex(of: ":"),
                  let should = trimmed.range(of: "(should be ") else { continue }
            let declaredText = trimmed[trimmed.index(after: colon)..<should.lowerBound].trimmingCharacters(in: .whitespaces)
            let presentText = trimmed[should.upperBound...].prefix { $0.isNumber }
            guard let declared = Int64(declaredText), let present = Int64(presentText),
                  declared > present, declared < unknownLengthMarker else { continue }
            return declared / Int64(bytesPerFrame)
        }
        return nil
    }
}
