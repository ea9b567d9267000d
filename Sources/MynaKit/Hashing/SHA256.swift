/// SHA-256 as specified by FIPS 180-4 (§5.1.1 padding, §6.2.2 compression), fed incrementally.
///
/// Feed bytes with `update(_:)` in pieces of any size, then call `finalize()` once. Hashes about 400 MB in a few
/// seconds in release builds: the compression loop works on raw pointers with wrapping arithmetic and a stack message
/// schedule, so it does no allocation, reference counting or bounds checking per block.
///
/// A value type; not thread-safe to mutate from several tasks at once (like any `var`), but `Sendable`.
public struct SHA256: Sendable {
    /// Bytes per message block.
    public static let blockByteCount = 64
    /// Bytes in a digest.
    public static let digestByteCount = 32

    /// H(0) of FIPS 180-4 §5.3.3: the first 32 bits of the fractional parts of the square roots of the first 8 primes.
    private static let initialState: [UInt32] = [
        0x6a09_e667, 0xbb67_ae85, 0x3c6e_f372, 0xa54f_f53a, 0x510e_527f, 0x9b05_688c, 0x1f83_d9ab, 0x5be0_cd19,
    ]

    /// K of FIPS 180-4 §4.2.2: the first 32 bits of the fractional parts of the cube roots of the first 64 primes.
    static let roundConstants: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]

    /// H(i): the eight working hash words.
    private var state: [UInt32] = SHA256.initialState
    /// Bytes received but not yet compressed (always fewer than one block).
    private var pending: [UInt8] = []
    /// Total message length so far, in bytes.
    private var messageByteCount: UInt64 = 0

    public init() {
        pending.reserveCapacity(SHA256.blockByteCount)
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var input = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        messageByteCount &+= UInt64(remaining)

        // Top up a partial block first.
        if !pending.isEmpty {
            let take = min(SHA256.blockByteCount - pending.count, remaining)
            pending.append(contentsOf: UnsafeRawBufferPointer(start: input, count: take))
            input += take
            remaining -= take
            guard pending.count == SHA256.blockByteCount else { return }
            pending.withUnsafeBytes { compress(blocks: $0.baseAddress!, count: 1) }
            pending.removeAll(keepingCapacity: true)
        }

        let wholeBlocks = remaining / SHA256.blockByteCount
        if wholeBlocks > 0 {
            compress(blocks: input, count: wholeBlocks)
            input += wholeBlocks * SHA256.blockByteCount
            remaining -= wholeBlocks * SHA256.blockByteCount
        }
        if remaining > 0 {
            pending.append(contentsOf: UnsafeRawBufferPointer(start: input, count: remaining))
        }
    }

    /// Appends `bytes` to the message.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// Pads the message (FIPS 180-4 §5.1.1) and returns its digest. The hasher must not be used afterwards.
    public mutating func finalize() -> SHA256Digest {
        let bitLength = messageByteCount &* 8
        // 0x80, then zeros up to 56 mod 64, then the 64-bit big-endian bit length.
        var tail: [UInt8] = [0x80]
        let afterMarker = (pending.count + 1) % SHA256.blockByteCount
        let zeroCount = afterMarker <= 56 ? 56 - afterMarker : 64 + 56 - afterMarker
        tail.append(contentsOf: repeatElement(0, count: zeroCount))
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bitLength >> UInt64(shift)))
        }
        let savedCount = messageByteCount
        tail.withUnsafeBytes { update($0) }
        messageByteCount = savedCount
        precondition(pending.isEmpty, "SHA-256 padding did not end on a block boundary")

        var digest = [UInt8]()
        digest.reserveCapacity(SHA256.digestByteCount)
        for word in state {
            digest.append(UInt8(truncatingIfNeeded: word >> 24))
            digest.append(UInt8(truncatingIfNeeded: word >> 16))
            digest.append(UInt8(truncatingIfNeeded: word >> 8))
            digest.append(UInt8(truncatingIfNeeded: word))
        }
        return SHA256Digest(bytes: digest)
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: [UInt8]) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// The digest of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer) -> SHA256Digest {
        var hasher = SHA256()
        hasher.update(bytes)
        return hasher.finalize()
    }

    /// Runs the compression function (FIPS 180-4 §6.2.2) over `count` consecutive 64-byte blocks at `blocks`.
    private mutating func compress(blocks: UnsafeRawPointer, count: Int) {
        SHA256.roundConstants.withUnsafeBufferPointer { constants in
            state.withUnsafeMutableBufferPointer { hash in
                withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
                    SHA256.compress(blocks: blocks, count: count, hash: hash.baseAddress!,
                                    constants: constants.baseAddress!, schedule: schedule.baseAddress!)
                }
            }
        }
    }

    /// The kernel: `hash` (8 words) is updated in place; `schedule` is 64 words of scratch for W(t).
    ///
    /// Rotations are spelled out with masking shifts (`&>>`, `&<<`) and the loops are `while` loops because the
    /// generic `>>` and `Range` iteration are real calls in debug builds (4 to 7 times slower there, and `swift test`
    /// hashes the real models in debug); in release the two spellings compile to the same rotate instructions.
    @inline(__always)
    private static func compress(blocks: UnsafeRawPointer, count: Int, hash: UnsafeMutablePointer<UInt32>,
                                 constants k: UnsafePointer<UInt32>, schedule w: UnsafeMutablePointer<UInt32>) {
        var h0 = hash[0], h1 = hash[1], h2 = hash[2], h3 = hash[3]
        var h4 = hash[4], h5 = hash[5], h6 = hash[6], h7 = hash[7]
        var block = blocks
        for _ in 0..<count {
            // W(0...15): the block as big-endian words; loadUnaligned because file buffers have no alignment promise.
            var t = 0
            while t < 16 {
                w[t] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: t &* 4, as: UInt32.self))
                t &+= 1
            }
            // W(16...63) = σ1(W(t-2)) + W(t-7) + σ0(W(t-15)) + W(t-16).
            while t < 64 {
                let x = w[t &- 15], y = w[t &- 2]
                let sigma0 = (x &>> 7 | x &<< 25) ^ (x &>> 18 | x &<< 14) ^ (x &>> 3)
                let sigma1 = (y &>> 17 | y &<< 15) ^ (y &>> 19 | y &<< 13) ^ (y &>> 10)
                w[t] = sigma1 &+ w[t &- 7] &+ sigma0 &+ w[t &- 16]
                t &+= 1
            }
            var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7
            t = 0
            while t < 64 {
                let bigSigma1 = (e &>> 6 | e &<< 26) ^ (e &>> 11 | e &<< 21) ^ (e &>> 25 | e &<< 7)
                let choose = (e & f) ^ (~e & g)
                let t1 = h &+ bigSigma1 &+ choose &+ k[t] &+ w[t]
                let bigSigma0 = (a &>> 2 | a &<< 30) ^ (a &>> 13 | a &<< 19) ^ (a &>> 22 | a &<< 10)
                let majority = (a & b) ^ (a & c) ^ (b & c)
                let t2 = bigSigma0 &+ majority
                h = g; g = f; f = e; e = d &+ t1
                d = c; c = b; b = a; a = t1 &+ t2
                t &+= 1
            }
            h0 &+= a; h1 &+= b; h2 &+= c; h3 &+= d
            h4 &+= e; h5 &+= f; h6 &+= g; h7 &+= h
            block += SHA256.blockByteCount
        }
        hash[0] = h0; hash[1] = h1; hash[2] = h2; hash[3] = h3
        hash[4] = h4; hash[5] = h5; hash[6] = h6; hash[7] = h7
    }

}
