internal import CSndFile

extension SndFileHandle.Properties {
    /// Short container name: "WAV", "FLAC", "OGG", "MPEG", "AIFF", … (libsndfile's own name, shortened, otherwise).
    var containerName: String {
        switch Int(container) {
        case SF_FORMAT_WAV, SF_FORMAT_WAVEX: return "WAV"
        case SF_FORMAT_RF64: return "RF64"
        case SF_FORMAT_W64: return "W64"
        case SF_FORMAT_AIFF: return "AIFF"
        case SF_FORMAT_AU: return "AU"
        case SF_FORMAT_CAF: return "CAF"
        case SF_FORMAT_FLAC: return "FLAC"
        case SF_FORMAT_OGG: return "OGG"
        case SF_FORMAT_MPEG: return "MPEG"
        case SF_FORMAT_RAW: return "RAW"
        default: return Self.libraryName(command: SFC_GET_FORMAT_INFO, format: container) ?? "unknown"
        }
    }

    /// Codec or sample format: "PCM 16-bit", "Float 32-bit", "FLAC 16-bit", "Vorbis", "Opus", "MPEG layer III", …
    var codecName: String {
        let pcmBits: Int? = switch Int(subtype) {
        case SF_FORMAT_PCM_S8, SF_FORMAT_PCM_U8: 8
        case SF_FORMAT_PCM_16: 16
        case SF_FORMAT_PCM_24: 24
        case SF_FORMAT_PCM_32: 32
        default: nil
        }
        if let pcmBits {
            // libsndfile describes FLAC by its sample width; the codec is still FLAC.
            if Int(container) == SF_FORMAT_FLAC { return "FLAC \(pcmBits)-bit" }
            return Int(subtype) == SF_FORMAT_PCM_U8 ? "PCM unsigned 8-bit" : "PCM \(pcmBits)-bit"
        }
        switch Int(subtype) {
        case SF_FORMAT_FLOAT: return "Float 32-bit"
        case SF_FORMAT_DOUBLE: return "Float 64-bit"
        case SF_FORMAT_ULAW: return "µ-law"
        case SF_FORMAT_ALAW: return "A-law"
        case SF_FORMAT_IMA_ADPCM: return "IMA ADPCM"
        case SF_FORMAT_MS_ADPCM: return "Microsoft ADPCM"
        case SF_FORMAT_GSM610: return "GSM 6.10"
        case SF_FORMAT_VORBIS: return "Vorbis"
        case SF_FORMAT_OPUS: return "Opus"
        case SF_FORMAT_MPEG_LAYER_I: return "MPEG layer I"
        case SF_FORMAT_MPEG_LAYER_II: return "MPEG layer II"
        case SF_FORMAT_MPEG_LAYER_III: return "MPEG layer III"
        case SF_FORMAT_ALAC_16: return "ALAC 16-bit"
        case SF_FORMAT_ALAC_20: return "ALAC 20-bit"
        case SF_FORMAT_ALAC_24: return "ALAC 24-bit"
        case SF_FORMAT_ALAC_32: return "ALAC 32-bit"
        default: return Self.libraryName(command: SFC_GET_FORMAT_INFO, format: subtype) ?? "unknown"
        }
    }

    /// Bytes one frame occupies in an uncompressed WAV-like data chunk, or nil for compressed codecs.
    var uncompressedBytesPerFrame: Int? {
        let bytesPerSample: Int? = switch Int(subtype) {
        case SF_FORMAT_PCM_S8, SF_FORMAT_PCM_U8, SF_FORMAT_ULAW, SF_FORMAT_ALAW: 1
        case SF_FORMAT_PCM_16: 2
        case SF_FORMAT_PCM_24: 3
        case SF_FORMAT_PCM_32, SF_FORMAT_FLOAT: 4
        case SF_FORMAT_DOUBLE: 8
        default: nil
        }
        return bytesPerSample.map { $0 * channelCount }
    }

    /// Whether the container is one whose header states the data size (so libsndfile's "should be" log lines mean the
    /// file was cut short).
    var hasSizedDataChunk: Bool {
        switch Int(container) {
        case SF_FORMAT_WAV, SF_FORMAT_WAVEX, SF_FORMAT_RF64, SF_FORMAT_W64, SF_FORMAT_AIFF, SF_FORMAT_CAF: return true
        default: return false
        }
    }

    /// MPEG audio: its frame count is exact only when the stream carries a Xing/LAME/VBRI header; otherwise libmpg123
    /// estimates it from the file size.
    var isMPEG: Bool { Int(container) == SF_FORMAT_MPEG }

    var isOgg: Bool { Int(container) == SF_FORMAT_OGG }

    /// libsndfile's descriptive name for a format code, cut before its parenthesised detail.
    private static func libraryName(command: Int, format: Int32) -> String? {
        var info = SF_FORMAT_INFO()
        info.format = format
        guard sf_command(nil, Int32(command), &info, Int32(MemoryLayout<SF_FORMAT_INFO>.size)) == 0,
              let name = info.name else { return nil }
        let full = String(cString: name)
        return full.split(separator: " (").first.map(String.init) ?? full
    }
}

extension SoundFileEncoding {
    /// The libsndfile `SF_INFO.format` value (container | codec).
    var sndFileFormat: Int32 {
        let value = switch self {
        case .wav16: SF_FORMAT_WAV | SF_FORMAT_PCM_16
        case .wav24: SF_FORMAT_WAV | SF_FORMAT_PCM_24
        case .wavFloat32: SF_FORMAT_WAV | SF_FORMAT_FLOAT
        case .flac16: SF_FORMAT_FLAC | SF_FORMAT_PCM_16
        case .flac24: SF_FORMAT_FLAC | SF_FORMAT_PCM_24
        case .oggVorbis: SF_FORMAT_OGG | SF_FORMAT_VORBIS
        case .oggOpus: SF_FORMAT_OGG | SF_FORMAT_OPUS
        case .mp3: SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III
        }
        return Int32(value)
    }
}
