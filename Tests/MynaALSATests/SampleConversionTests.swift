import Testing
@testable import MynaALSA

@Suite("Sample conversion")
struct SampleConversionTests {
    @Test("every S16 value survives S16 → Float → S16 and maps to value / 32768")
    func int16RoundTrip() {
        let all = (Int(Int16.min)...Int(Int16.max)).map { Int16($0) }
        var floats = [Float](repeating: .nan, count: all.count)
        var back = [Int16](repeating: 0, count: all.count)
        all.withUnsafeBytes { raw in
            floats.withUnsafeMutableBufferPointer {
                SampleConversion.toFloat(raw.baseAddress!, format: .int16LittleEndian, count: all.count, into: $0.baseAddress!)
            }
        }
        #expect(zip(all, floats).allSatisfy { Float($0) / 32768 == $1 })
        floats.withUnsafeBufferPointer { source in
            back.withUnsafeMutableBytes {
                SampleConversion.fromFloat(source.baseAddress!, count: all.count, format: .int16LittleEndian,
                                           into: $0.baseAddress!)
            }
        }
        #expect(back == all)
    }

    @Test("Float → S16 clips out-of-range samples and turns NaN into silence")
    func int16Clipping() {
        let input: [Float] = [1, 2, -1, -2, .infinity, -.infinity, .nan, 0.5 / 32768, -0.5 / 32768]
        var output = [Int16](repeating: 99, count: input.count)
        input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBytes {
                SampleConversion.fromFloat(source.baseAddress!, count: input.count, format: .int16LittleEndian,
                                           into: $0.baseAddress!)
            }
        }
        #expect(output == [32767, 32767, -32768, -32768, 32767, -32768, 0, 1, -1])
    }

    @Test("FLOAT_LE passes through unchanged")
    func floatPassThrough() {
        let input: [Float] = [0.1, -0.7, 3, .leastNonzeroMagnitude]
        var output = [Float](repeating: 0, count: input.count)
        input.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer {
                SampleConversion.toFloat(raw.baseAddress!, format: .float32LittleEndian, count: input.count,
                                         into: $0.baseAddress!)
            }
        }
        #expect(output == input)
    }
}
