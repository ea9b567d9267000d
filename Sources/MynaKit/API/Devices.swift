import MynaALSA

// Sound devices as MynaKit's API: listing, recording from and playing to ALSA devices. Each name is the MynaALSA
// type itself; the devices are `AudioSource`/`AudioSink`-shaped and run on their own threads.

/// The capture and playback PCMs and the sound cards ALSA knows (`ALSADeviceList.current()`).
public typealias ALSADeviceList = MynaALSA.ALSADeviceList
/// One PCM name with its description; `ALSADevice.defaultName` is the device used when none is given.
public typealias ALSADevice = MynaALSA.ALSADevice
/// A microphone: records from an ALSA device at the nearest format and converts to the one asked for.
public typealias ALSACaptureDevice = MynaALSA.ALSACaptureDevice
/// How a capture device behaves when its reader falls behind.
public typealias ALSACaptureOptions = MynaALSA.ALSACaptureOptions
/// A speaker: plays to an ALSA device at the nearest format, converting from the one given.
public typealias ALSAPlaybackDevice = MynaALSA.ALSAPlaybackDevice
