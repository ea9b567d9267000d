import Foundation
import Testing
@testable import MynaNN
import MynaTestSupport

@Suite("Weights: element conversions")
struct WeightsConversionTests {
    @Test("float16 → float32 agrees with Swift's Float16 for all 65536 bit patterns")
    func float16Exhaustive() {
        var mismatches: [UInt16] = []
        for bits in 0...UInt16.max {
            let expected = Float(Float16(bitPattern: bits))
            let actual = WeightConversion.float(fromHalfBits: bits)
            let same = expected.isNaN ? actual.isNaN : actual.bitPattern == expected.bitPattern
            if !same { mismatches.append(bits) }
        }
        #expect(mismatches.isEmpty, "first mismatches: \(mismatches.prefix(5))")
    }

    /// `widen(.float16)` goes through the dispatched C kernel (F16C here): every pattern, from a source at an odd
    /// byte offset (as CTranslate2 packs tensors) and with a count that leaves a tail after the blocks of eight.
    @Test("widen(.float16) of all 65536 patterns from an unaligned source agrees with Swift's Float16")
    func float16WidenExhaustiveUnaligned() {
        var bytes = [UInt8](repeating: 0, count: 1 + 2 * 65536)
        for bits in 0...UInt16.max {
            bytes[1 + 2 * Int(bits)] = UInt8(bits & 0xff)
            bytes[2 + 2 * Int(bits)] = UInt8(bits >> 8)
        }
        for count in [65536, 65533] {
            var output = [Float](repeating: 0, count: count)
            bytes.withUnsafeBytes { all in
                let source = UnsafeRawBufferPointer(rebasing: all[1..<(1 + 2 * count)])
                output.withUnsafeMutableBufferPointer { WeightConversion.widen(.float16, from: source, into: $0) }
            }
            let mismatches = (0..<count).filter { i in
                let expected = Float(Float16(bitPattern: UInt16(i)))
                return !(expected.isNaN ? output[i].isNaN : output[i].bitPattern == expected.bitPattern)
            }
            #expect(mismatches.isEmpty, "count \(count), first mismatches: \(mismatches.prefix(5))")
        }
    }

    @Test("float16 and bfloat16 special values (±0, subnormals, max, ±inf, NaN) match numpy / ml_dtypes bit for bit")
    func specialValues() throws {
        let conversions = try #require(try WeightsGolden.json("weights_misc.json")["conversions"] as? [String: Any])
        for (key, dtype) in [("float16", WeightDType.float16), ("bfloat16", .bfloat16)] {
            let golden = try #require(conversions[key] as? [String: Any])
            let bits = goldenInts(golden["bits"]).map(UInt16.init)
            let expected = goldenInts(golden["float32Bits"]).map(UInt32.init)
            var output = [Float](repeating: 0, count: bits.count)
            bits.withUnsafeBytes { source in
                output.withUnsafeMutableBufferPointer { WeightConversion.widen(dtype, from: source, into: $0) }
            }
            for (index, value) in output.enumerated() {
                let wanted = Float(bitPattern: expected[index])
                // numpy may quiet a signalling NaN; any NaN for a NaN pattern is right, everything else bit-exact.
                #expect(wanted.isNaN ? value.isNaN : value.bitPattern == expected[index],
                        "\(key) 0x\(String(bits[index], radix: 16)): \(value) vs \(wanted)")
            }
        }
    }

    @Test("integer widening, unaligned sources and Float64 rounding")
    func integersAndAlignment() {
        // Three int32 values starting one byte into the buffer.
        var raw: [UInt8] = [0xAA]
        for value in [Int32(-5), 16_777_217, Int32.min] { withUnsafeBytes(of: value.littleEndian) { raw += $0 } }
        var output = [Float](repeating: 0, count: 3)
        raw.withUnsafeBytes { all in
            let unaligned = UnsafeRawBufferPointer(rebasing: all[1...])
            output.withUnsafeMutableBufferPointer { WeightConversion.widen(.int32, from: unaligned, into: $0) }
        }
        #expect(output == [-5, 16_777_216, -2_147_483_648])
        var doubles: [Float] = [0]
        withUnsafeBytes(of: (0.1 as Double).bitPattern.littleEndian) { source in
            doubles.withUnsafeMutableBufferPointer { WeightConversion.widen(.float64, from: source, into: $0) }
        }
        #expect(doubles == [Float(0.1)])
    }

    @Test("dequantisation divides each row by its scale, or everything by one scale")
    func dequantize() {
        var values: [Float] = [127, -127, 64, 2, -2, 0]
        values.withUnsafeMutableBufferPointer { WeightConversion.dequantize($0, rows: 2, scales: [127, 2]) }
        #expect(values == [1, -1, Float(64) / 127, 1, -1, 0])
        var single: [Float] = [1024, -512]
        single.withUnsafeMutableBufferPointer { WeightConversion.dequantize($0, rows: 1, scales: [1024]) }
        #expect(single == [1, -0.5])
    }
}
