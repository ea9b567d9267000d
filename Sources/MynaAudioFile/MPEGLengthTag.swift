import Foundation

/// Whether an MPEG audio file states its length: LAME and most encoders put a Xing or Info tag (or Fraunhofer's VBRI
/// tag) in the first frame, which gives libmpg123 the exact frame count. Without one, the count is an estimate from the
/// file size and bit rate, and a short read proves nothing.
enum MPEGLengthTag {
    /// How far past the ID3v2 tag the first frame's tag is searched for (a first frame is at most 1441 bytes; leading
    /// junk is tolerated up to this bound).
    private static let searchWindow = 4096

    /// Looks for the tag; `bytes(offset, count)` returns up to `count` bytes of the file from `offset`.
    static func isPresent(bytes: (_ offset: Int, _ count: Int) -> Data) -> Bool {
        let head = [UInt8](bytes(0, 10))
        var start = 0
        // ID3v2: "ID3", version (2), flags (1), size as four 7-bit bytes, then an optional 10-byte footer.
        if head.count == 10, head[0] == 0x49, head[1] == 0x44, head[2] == 0x33 {
            let size = head[6..<10].reduce(0) { $0 << 7 | Int($1 & 0x7F) }
            start = 10 + size + (head[5] & 0x10 != 0 ? 10 : 0)
        }
        let window = [UInt8](bytes(start, searchWindow))
        let markers: [[UInt8]] = [Array("Xing".utf8), Array("Info".utf8), Array("VBRI".utf8)]
        guard window.count >= 4 else { return false }
        for index in 0...(window.count - 4) {
            for marker in markers where window[index] == marker[0] && window[index..<(index + 4)].elementsEqual(marker) {
                return true
            }
        }
        return false
    }
}
