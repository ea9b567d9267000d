import MynaAudioFile

// Audio files as MynaKit's API: what a program reads, writes and measures when it works with audio on disk or in
// memory. Each name is the MynaAudioFile type itself, so values pass between MynaKit and MynaAudioFile unchanged.

/// Reads any format libsndfile decodes, from a path or from bytes in memory, block by block.
public typealias SoundFileReader = MynaAudioFile.SoundFileReader
/// Writes a file all or nothing, with its encoding chosen from the extension.
public typealias SoundFileWriter = MynaAudioFile.SoundFileWriter
/// The container and sample encoding of a file to write (`SoundFileEncoding.forPath`).
public typealias SoundFileEncoding = MynaAudioFile.SoundFileEncoding
/// What a file holds (container, codec, rate, channels), as `SoundFileReader.info` reports it.
public typealias SoundFileInfo = MynaAudioFile.SoundFileInfo
/// Peak and RMS levels of a whole file, as `SoundFileReader.measureLevels()` measures them.
public typealias SoundLevels = MynaAudioFile.SoundLevels
/// 16-bit WAV written as it is made, for destinations that cannot seek (pipes, sockets).
public typealias StreamingWAVEncoder = MynaAudioFile.StreamingWAVEncoder
