import MynaCore

extension SoundFileReader {
    /// Peak and RMS level of the frames not yet read, streaming through the file in blocks of `blockFrames` frames
    /// (memory stays at one block whatever the file's length). A file with no frames measures as silence.
    /// - Throws: read errors, including `.truncated`.
    public func measureLevels(blockFrames: Int = SoundFileReader.defaultBlockFrames) throws -> SoundLevels {
        precondition(blockFrames > 0, "blockFrames must be positive")
        var meter = SoundLevelMeter(channelCount: format.channelCount)
        let channels = format.channelCount
        let scratch = UnsafeMutableBufferPointer<Float>.allocate(capacity: blockFrames * channels)
        defer { scratch.deallocate() }
        try withLock {
            while true {
                let frames = try readLocked(into: scratch.baseAddress!, maxFrames: blockFrames)
                if frames == 0 { break }
                meter.add(UnsafeBufferPointer(rebasing: scratch[0..<(frames * channels)]))
            }
        }
        return meter.levels
    }
}
