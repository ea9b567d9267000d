import MynaCore

extension FeatureMatrix {
    /// The matrix as a NumPy `.npy` file (format version 1.0): little-endian float32, C order, shape
    /// `(featureCount, frameCount)`, the header padded with spaces and a newline to a multiple of 64 bytes exactly
    /// as `numpy.save` writes it, so `numpy.load` returns an array equal to `values` reshaped.
    public func numPyData() -> [UInt8] {
        var header = "{'descr': '<f4', 'fortran_order': False, 'shape': (\(featureCount), \(frameCount)), }"
        // magic (6) + version (2) + header length (2) + header, ending in "\n", to a multiple of 64.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
        let length = UInt16(header.utf8.count)
        bytes += [UInt8(length & 0xFF), UInt8(length >> 8)]
        bytes += Array(header.utf8)
        bytes.reserveCapacity(bytes.count + 4 * values.count)
        for value in values {
            let bits = value.bitPattern.littleEndian
            bytes += [UInt8(bits & 0xFF), UInt8((bits >> 8) & 0xFF), UInt8((bits >> 16) & 0xFF), UInt8(bits >> 24)]
        }
        return bytes
    }
}
