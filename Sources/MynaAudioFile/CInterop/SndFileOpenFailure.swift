/// A failed `sf_open`: libsndfile's error number and text, before the caller turns it into an `AudioIOError`.
struct SndFileOpenFailure: Error {
    var number: Int32
    var text: String
}

extension SndFileOpenFailure {
    /// "(libsndfile sf_open: error N: text)", the tail every open error carries.
    var detail: String { SndFileCall.detail("sf_open", number: number, text: text) }
}
