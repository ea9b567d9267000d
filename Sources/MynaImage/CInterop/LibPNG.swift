internal import CPNG
import MynaCore

/// The one place Myna calls libpng (DESIGN.md §6: one funnel per C library).
///
/// Uses libpng 1.6's simplified API (`png_image_write_to_memory`), which reports failure through its return value
/// and `png_image.message` rather than `longjmp`, so no C error handler has to unwind Swift frames.
enum LibPNG {
    /// The PNG encoding of 8-bit RGB pixels (`width × height × 3` bytes, rows from the top).
    /// - Throws: `OutputFileError.encodingFailed` naming the libpng call and its message.
    static func encodeRGB(width: Int, height: Int, pixels: [UInt8], location: String) throws -> [UInt8] {
        precondition(pixels.count == width * height * 3, "\(pixels.count) bytes for a \(width) × \(height) RGB image")
        guard let width32 = UInt32(exactly: width), let height32 = UInt32(exactly: height), width <= 1 << 20,
              height <= 1 << 20 else {
            throw OutputFileError(.encodingFailed, location: location, message: "image size \(width) × \(height) is too large")
        }
        // First call: the encoded size; second call: the bytes. Each call initialises and frees its own png_image.
        var size = 0
        try pixels.withUnsafeBytes { raw in
            let image = PNGImageHandle(width: width32, height: height32)
            let ok = png_image_write_to_memory(&image.image, nil, &size, 0, raw.baseAddress, 0, nil)
            try image.check(ok, call: "png_image_write_to_memory (size)", location: location)
        }
        var encoded = [UInt8](repeating: 0, count: size)
        try pixels.withUnsafeBytes { raw in
            try encoded.withUnsafeMutableBytes { out in
                let image = PNGImageHandle(width: width32, height: height32)
                var written = size
                let ok = png_image_write_to_memory(&image.image, out.baseAddress, &written, 0, raw.baseAddress, 0, nil)
                try image.check(ok, call: "png_image_write_to_memory", location: location)
                size = written
            }
        }
        return Array(encoded.prefix(size))
    }
}

/// One libpng `png_image` control structure; `png_image_free` releases whatever libpng allocated for it.
final class PNGImageHandle {
    var image = png_image()

    init(width: UInt32, height: UInt32) {
        image.version = UInt32(PNG_IMAGE_VERSION)
        image.width = width
        image.height = height
        image.format = UInt32(PNG_FORMAT_RGB)
    }

    deinit { png_image_free(&image) }

    /// Throws unless `result` is libpng's success (non-zero), with libpng's own message.
    func check(_ result: Int32, call: String, location: String) throws {
        guard result == 0 || image.warning_or_error & 2 != 0 else { return }
        let message = withUnsafeBytes(of: image.message) { bytes in
            String(decoding: bytes.prefix { $0 != 0 }, as: UTF8.self)
        }
        throw OutputFileError(.encodingFailed, location: location,
                              message: "\(call) failed (code \(image.warning_or_error)): \(message.isEmpty ? "no message" : message)")
    }
}
