import Foundation
import MynaCore

extension RGBImage {
    /// The image encoded as PNG (8-bit RGB, libpng's default compression).
    /// - Throws: `OutputFileError.encodingFailed` naming the libpng call.
    public func pngData(location: String = "image") throws -> [UInt8] {
        try LibPNG.encodeRGB(width: width, height: height, pixels: pixels, location: location)
    }

    /// Writes the image as a PNG file at `path`, atomically: a temporary file in the same folder, renamed over
    /// `path` once complete, so a failure never leaves a partial picture.
    /// - Throws: `OutputFileError` naming the path and the reason.
    public func writePNG(to path: String) throws {
        let data = try pngData(location: path)
        try OutputFile.write(Data(data), to: path)
    }
}
