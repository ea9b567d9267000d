import Foundation
import MynaCore
import MynaDSP
import MynaKit
import MynaSynthesis
import MynaTestSupport
import Testing

@Suite struct VocoderCatalogTests {
    static let directory = Fixtures.repositoryRoot.appendingPathComponent("vocoders")

    @Test func repositoryManifestsAreReadAndAgreeWithTheModels() throws {
        let catalog = try VocoderCatalog(directory: Self.directory)
        #expect(catalog.manifests.map(\.name) == ["griffin-lim", "hifigan-ljspeech", "hifigan-universal"])
        #expect(try catalog.manifest(named: VocoderCatalog.defaultName).architecture == .hifigan)
        let pinned = try #require(ModelCatalog.pinned.first { $0.name == "hifigan-v1" })
        for manifest in catalog.manifests {
            #expect(manifest.mel == MelParameters(.v1), "\(manifest.name): mel settings")
            #expect(manifest.sampleRate == 22050)
            guard manifest.architecture == .hifigan else { continue }
            #expect(manifest.model == "hifigan-v1")
            #expect(manifest.license.name == "MIT")
            let source = try #require(manifest.source)
            #expect(pinned.packages.contains { $0.package == source.package && $0.version == source.version })
            #expect(pinned.fileNames.contains(try #require(manifest.file)))
            // The sha256 the installer recorded for the file is the manifest's.
            let installed = try? ModelManifest.load(from: Fixtures.models.appendingPathComponent("manifest.json"))
            if let entry = installed?.models.first(where: { $0.name == "hifigan-v1" }) {
                #expect(entry.files.first { $0.name == manifest.file }?.sha256 == manifest.sha256, "\(manifest.name)")
            }
        }
    }

    @Test func unknownNameListsTheKnownOnes() throws {
        let catalog = try VocoderCatalog(directory: Self.directory)
        let error = try #require(throws: ConfigurationError.self) { _ = try catalog.manifest(named: "wavenet") }
        #expect(error.description.contains("\"wavenet\""))
        #expect(error.description.contains("griffin-lim, hifigan-ljspeech, hifigan-universal"))
    }

    /// `make install` puts the manifests in `$(PREFIX)/share/myna/vocoders`, next to `$(PREFIX)/bin/myna`.
    @Test func locateFindsTheInstalledFolder() throws {
        let prefix = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: prefix) }
        let installed = prefix.appendingPathComponent(VocoderCatalog.installedRelativePath)
        try FileManager.default.createDirectory(at: installed, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Self.directory.appendingPathComponent("\(VocoderCatalog.defaultName).json"),
                                         to: installed.appendingPathComponent("\(VocoderCatalog.defaultName).json"))
        let executable = prefix.appendingPathComponent("bin/myna").path
        #expect(VocoderCatalog.locate(explicitPath: nil, environment: ["XDG_DATA_HOME": "/d"], executablePath: executable)
                .standardizedFileURL.path == installed.standardizedFileURL.path)
        #expect(VocoderCatalog.locate(explicitPath: nil, environment: ["MYNA_VOCODERS_DIR": "/y"], executablePath: executable)
                .path == "/y")
    }

    @Test func locateFollowsOptionEnvironmentAndCheckout() {
        #expect(VocoderCatalog.locate(explicitPath: "/x/v", environment: [:], executablePath: nil).path == "/x/v")
        #expect(VocoderCatalog.locate(explicitPath: nil, environment: ["MYNA_VOCODERS_DIR": "/y"], executablePath: nil).path == "/y")
        let executable = Fixtures.repositoryRoot.appendingPathComponent(".build/debug/myna").path
        #expect(VocoderCatalog.locate(explicitPath: nil, environment: [:], executablePath: executable).standardizedFileURL
                == Self.directory.standardizedFileURL)
        #expect(VocoderCatalog.locate(explicitPath: nil, environment: ["XDG_DATA_HOME": "/d"], executablePath: "/bin/true").path
                == "/d/myna/vocoders")
    }

    @Test func damagedWeightsAreRefusedBySHA256() throws {
        let root = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("hifigan-v1")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data("not the checkpoint".utf8).write(to: folder.appendingPathComponent("generator_universal.pth.tar"))
        let manifest = try VocoderCatalog(directory: Self.directory).manifest(named: "hifigan-universal")
        let error = try #require(throws: ConfigurationError.self) {
            _ = try VocoderCatalog.makeVocoder(manifest, models: ModelsDirectory(url: root, source: .option))
        }
        #expect(error.description.contains("sha256"))
        #expect(error.field.hasSuffix("generator_universal.pth.tar"))
        // Not installed at all: says how to install it.
        let missing = try VocoderCatalog(directory: Self.directory).manifest(named: "hifigan-ljspeech")
        let notInstalled = try #require(throws: ConfigurationError.self) {
            _ = try VocoderCatalog.makeVocoder(missing, models: ModelsDirectory(url: root, source: .option))
        }
        #expect(notInstalled.description.contains("scripts/setup.sh"))
    }

    @Test func invalidManifestNamesTheKey() throws {
        let root = try Fixtures.makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        var text = try String(contentsOf: Self.directory.appendingPathComponent("hifigan-universal.json"), encoding: .utf8)
        text = text.replacingOccurrences(of: "771eaf48", with: "zz")
        try Data(text.utf8).write(to: root.appendingPathComponent("broken.json"))
        let error = try #require(throws: ConfigurationError.self) { _ = try VocoderCatalog(directory: root) }
        #expect(error.field.hasSuffix("broken.json: sha256"))
    }

    /// `myna vocode`'s pipeline on a real file: bounded chunks give the whole-file waveform.
    @Test func fileVocoderChunksEqualOneChunk() throws {
        let models = ModelsDirectory(url: Fixtures.models, source: .option)
        guard FileManager.default.fileExists(atPath: Fixtures.models.appendingPathComponent("hifigan-v1").path) else { return }
        let manifest = try VocoderCatalog(directory: Self.directory).manifest(named: "hifigan-universal")
        let vocoder = try VocoderCatalog.makeVocoder(manifest, models: models)
        let path = Fixtures.sample("LJ001-0002.flac")
        func run(_ chunkFrames: Int) throws -> (FileVocoder.Summary, [Float]) {
            var samples: [Float] = []
            let summary = try FileVocoder(vocoder: vocoder, chunking: ChunkedVocoder.Options(chunkFrames: chunkFrames))
                .run(path: path, emit: { samples += $0 })
            return (summary, samples)
        }
        let (summary, whole) = try run(100_000)
        let (_, chunked) = try run(40)
        #expect(summary.samples == summary.frames * 256 && whole.count == summary.samples)
        #expect(abs(summary.inputSeconds - 1.9) < 0.05)
        let comparison = WaveformComparison(chunked, whole)
        print("vocode LJ001-0002 in 40-frame chunks vs one chunk:", comparison)
        #expect(comparison.maxAbsoluteError <= 1e-5)
    }
}
