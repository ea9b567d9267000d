extension WhisperLogMelExtractor {
    /// Whisper's floor for log-mel values whose maximum is `maximum` (faster-whisper: `log_spec.max() - 8.0`).
    public static func floor(forMaximum maximum: Float) -> Float { maximum - 8 }

    /// One encoder window, channel-major `(melCount, windowFrames)`, from `frameCount` frame-major log-mel frames
    /// (`frames[frame · melCount + bin]`, before normalisation): each value floored at `floor(forMaximum: maximum)`
    /// and scaled `(x + 4) / 4` (the same arithmetic as `normalize`), the frames after `frameCount` zero
    /// (faster-whisper's `pad_or_trim` of a segment's features). `out` holds `melCount · windowFrames` values.
    public static func normalizedWindow(frameMajor frames: UnsafeBufferPointer<Float>, frameCount: Int, melCount: Int,
                                        maximum: Float, windowFrames: Int, into out: UnsafeMutableBufferPointer<Float>) {
        precondition(frameCount <= windowFrames && frames.count >= frameCount * melCount
                        && out.count >= melCount * windowFrames, "normalizedWindow: sizes do not fit")
        let floor = floor(forMaximum: maximum)
        out.update(repeating: 0)
        for frame in 0..<frameCount {
            let row = frame * melCount
            // (max(x, floor) + 4) · 0.25: bit for bit what VectorMath.clampShiftScale computes in `normalize`.
            for bin in 0..<melCount { out[bin * windowFrames + frame] = (Swift.max(frames[row + bin], floor) + 4) * 0.25 }
        }
    }
}
