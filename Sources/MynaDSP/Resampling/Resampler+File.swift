import MynaCore

extension Resampler {
    /// A resampler for the audio of the file at `path`, whose rate `inputRate` the file declares: the error for a rate
    /// that cannot be converted (a header claiming 1 Hz, say) names the file instead of "resampler".
    /// - Throws: `AudioIOError` `.invalidFormat` located at `path`.
    public convenience init(file path: String, inputRate: Int, outputRate: Int, channelCount: Int) throws {
        do {
            try self.init(inputRate: inputRate, outputRate: outputRate, channelCount: channelCount)
        } catch let error as AudioIOError where error.location == "resampler" {
            let tooFarApart = inputRate > 0 && outputRate > 0
                && max(inputRate, outputRate) / min(inputRate, outputRate) > Self.maximumRatio
            let reason = tooFarApart ? "the rates are more than \(Self.maximumRatio) times apart" : error.message
            throw AudioIOError(error.code, location: path,
                               message: "its sample rate of \(inputRate) Hz cannot be converted to \(outputRate) Hz (\(reason))")
        }
    }
}
