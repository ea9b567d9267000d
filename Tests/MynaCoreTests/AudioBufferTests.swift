import MynaCore
import Testing

@Suite struct AudioBufferTests {
    @Test func downmixAveragesChannels() {
        let stereo = AudioBuffer(format: AudioFormat(sampleRate: 8000, channelCount: 2), samples: [1, 0, 0.5, -0.5, -1, 1])
        let mono = stereo.downmixedToMono()
        #expect(mono.format == AudioFormat(sampleRate: 8000, channelCount: 1))
        #expect(mono.samples == [0.5, 0, 0])
    }

    @Test func durationCountsFrames() {
        let buffer = AudioBuffer(format: AudioFormat(sampleRate: 4, channelCount: 2), samples: [Float](repeating: 0, count: 16))
        #expect(buffer.frameCount == 8)
        #expect(buffer.duration == 2)
    }

    @Test func plausibleFormats() {
        #expect(AudioFormat(sampleRate: 16_000, channelCount: 1).isPlausible)
        #expect(!AudioFormat(sampleRate: 0, channelCount: 1).isPlausible)
        #expect(!AudioFormat(sampleRate: 10_000_000, channelCount: 1).isPlausible)
        #expect(!AudioFormat(sampleRate: 16_000, channelCount: 1000).isPlausible)
    }

    @Test func featureMatrixIsRowMajor() {
        var matrix = FeatureMatrix(featureCount: 2, frameCount: 3, values: [0, 1, 2, 3, 4, 5])
        #expect(matrix[1, 0] == 3)
        matrix[0, 2] = 9
        #expect(matrix.values[2] == 9)
    }
}
