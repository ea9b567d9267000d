import MynaCore
import Testing
@testable import MynaALSA

@Suite("Channel mapping")
struct ChannelMapperTests {
    private let stereo: [Float] = [0.5, -0.25, 1, 0, -1, -0.5]

    @Test("same count copies")
    func identity() {
        let mapper = ChannelMapper(from: 2, to: 2)
        #expect(mapper.isIdentity)
        #expect(mapper.map(stereo) == stereo)
    }

    @Test("to mono is the mean, as AudioBuffer.downmixedToMono")
    func downmix() {
        let expected = AudioBuffer(format: AudioFormat(sampleRate: 8000, channelCount: 2), samples: stereo)
            .downmixedToMono().samples
        #expect(ChannelMapper(from: 2, to: 1).map(stereo) == expected)
    }

    @Test("from mono copies the channel into every output channel")
    func upmix() {
        #expect(ChannelMapper(from: 1, to: 3).map([0.5, -1]) == [0.5, 0.5, 0.5, -1, -1, -1])
    }

    @Test("between multichannel counts the shared channels are copied and the rest are silent")
    func multichannel() {
        #expect(ChannelMapper(from: 2, to: 3).map(stereo) == [0.5, -0.25, 0, 1, 0, 0, -1, -0.5, 0])
        #expect(ChannelMapper(from: 3, to: 2).map([1, 2, 3, 4, 5, 6]) == [1, 2, 4, 5])
    }

    @Test("no frames, no samples")
    func empty() {
        #expect(ChannelMapper(from: 2, to: 1).map([]) == [])
    }
}
