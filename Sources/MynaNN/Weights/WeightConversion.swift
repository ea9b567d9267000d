import MynaTensor

/// Conversions from stored element types to Float32, written as flat loops over unsafe buffers.
///
/// Sources may start at any byte offset (CTranslate2 packs tensors without padding), so elements are read with
/// `loadUnaligned`, never through a misaligned typed pointer.
enum WeightConversion {
    /// Widens `source` (row-major elements of `dtype`) into `destination`, element for element.
    static func widen(_ dtype: WeightDType, from source: UnsafeRawBufferPointer,
                      into destination: UnsafeMutableBufferPointer<Float>) {
        let count = destination.count
        precondition(source.count == count * dtype.byteSize, "WeightConversion: \(source.count) bytes for \(count) \(dtype)")
        guard count > 0, let output = destination.baseAddress, let input = source.baseAddress else { return }
        switch dtype {
        case .float32:
            // A byte copy has no alignment requirement on either side.
            UnsafeMutableRawPointer(output).copyMemory(from: input, byteCount: count * 4)
        case .float16:
            // F16C where the CPU has it: the float16 weights of a CTranslate2 model (tiny.en: 38 M values) were the
            // largest part of loading it one by one.
            Kernels.widenHalf(count: count, half: input, into: output)
        case .bfloat16:
            for i in 0..<count {
                let bits = input.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self).littleEndian
                output[i] = Float(bitPattern: UInt32(bits) << 16)
            }
        case .float64:
            for i in 0..<count {
                output[i] = Float(Double(bitPattern: input.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self).littleEndian))
            }
        case .int8:
            for i in 0..<count { output[i] = Float(Int8(bitPattern: input.load(fromByteOffset: i, as: UInt8.self))) }
        case .uint8:
            for i in 0..<count { output[i] = Float(input.load(fromByteOffset: i, as: UInt8.self)) }
        case .bool:
            for i in 0..<count { output[i] = input.load(fromByteOffset: i, as: UInt8.self) != 0 ? 1 : 0 }
        case .int16:
            for i in 0..<count { output[i] = Float(Int16(littleEndian: input.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))) }
        case .uint16:
            for i in 0..<count { output[i] = Float(UInt16(littleEndian: input.loadUnaligned(fromByteOffset: 2 * i, as: UInt16.self))) }
        case .int32:
            for i in 0..<count { output[i] = Float(Int32(littleEndian: input.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))) }
        case .uint32:
            for i in 0..<count { output[i] = Float(UInt32(littleEndian: input.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))) }
        case .int64:
            for i in 0..<count { output[i] = Float(Int64(littleEndian: input.loadUnaligned(fromByteOffset: 8 * i, as: Int64.self))) }
        case .uint64:
            for i in 0..<count { output[i] = Float(UInt64(littleEndian: input.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))) }
        }
    }

    /// IEEE 754 binary16 → binary32, exact for every bit pattern (NaN payloads kept, subnormals normalised).
    @inline(__always)
    static func float(fromHalfBits bits: UInt16) -> Float {
        let sign = UInt32(bits & 0x8000) << 16
        let exponent = UInt32(bits >> 10) & 0x1f
        let mantissa = UInt32(bits & 0x3ff)
        if exponent == 0x1f { return Float(bitPattern: sign | 0x7f80_0000 | (mantissa << 13)) }
        if exponent == 0 {
            // Zero or subnormal: mantissa × 2⁻²⁴, exactly representable in Float32.
            let magnitude = Float(mantissa) * 0x1p-24
            return sign == 0 ? magnitude : -magnitude
        }
        // Rebias the exponent from 15 to 127.
        return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13))
    }

    /// Element `index` of an integer or bool tensor as Int, or nil if it does not fit (a uint64 above Int.max).
    static func integer(_ dtype: WeightDType, in bytes: UnsafeRawBufferPointer, at index: Int) -> Int? {
        let offset = index * dtype.byteSize
        switch dtype {
        case .int8: return Int(Int8(bitPattern: bytes[offset]))
        case .uint8, .bool: return Int(bytes[offset])
        case .int16: return Int(Int16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int16.self)))
        case .uint16: return Int(UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
        case .int32: return Int(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int32.self)))
        case .uint32: return Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        case .int64: return Int(Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: Int64.self)))
        case .uint64: return Int(exactly: UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self)))
        case .float32, .float16, .bfloat16, .float64: return nil
        }
    }
}
