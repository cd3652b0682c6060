// mlkem768x25519-sha256 for ssh2: the post-quantum hybrid key exchange OpenSSH offers first since
// 9.9 (draft-ietf-sshm-mlkem-hybrid-kex). ssh2 1.17 has no such exchange and no way to add one, so
// bin/patch-ssh2.js (run at install) makes ssh2's kex.js call this factory with its own
// KeyExchange class (README, "Post-quantum key exchange"). CommonJS, as ssh2 is.
//
// The client sends C_INIT = ML-KEM-768 public key (1184 bytes) || X25519 public key (32); the
// server answers S_REPLY = ML-KEM-768 ciphertext (1088) || X25519 public key (32). The shared
// secret is K = SHA-256(K_PQ || K_CL), encoded as a string (not an mpint) in the exchange hash
// and the key derivation. ML-KEM-768 comes from @noble/post-quantum (audited, pure JS), X25519
// from node's crypto.
'use strict';

const { createHash, createPublicKey, diffieHellman, generateKeyPairSync } = require('crypto');
const { ml_kem768: mlKem768 } = require('@noble/post-quantum/ml-kem.js');

const MLKEM_PUBLIC = 1184;
const MLKEM_CIPHERTEXT = 1088;
const X25519_PUBLIC = 32;
// The DER prefix of an X25519 SubjectPublicKeyInfo, before its 32 key bytes (RFC 8410).
const X25519_SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function x25519Public(keys) {
  return keys.publicKey.export({ type: 'spki', format: 'der' }).subarray(-X25519_PUBLIC);
}

function x25519Secret(keys, otherPublic) {
  const publicKey = createPublicKey({ key: Buffer.concat([X25519_SPKI_PREFIX, otherPublic]), format: 'der', type: 'spki' });
  return diffieHellman({ privateKey: keys.privateKey, publicKey });
}

/** The exchange class, made from ssh2's own KeyExchange (its exchange hash, signatures and NEWKEYS). */
module.exports = function defineMlKem768X25519Exchange(KeyExchange) {
  return class MlKem768X25519Exchange extends KeyExchange {
    constructor(hashName, ...args) {
      super(...args);
      this.type = 'mlkem768x25519';
      this.hashName = hashName;
      this._x25519 = null;
      this._mlkem = null;
      this._reply = null;
    }

    generateKeys() {
      if (!this._x25519) this._x25519 = generateKeyPairSync('x25519');
      if (!this._mlkem && !this._protocol._server) this._mlkem = mlKem768.keygen();
    }

    /** What this side sends: C_INIT from a client, S_REPLY (made in computeSecret) from a server. */
    getPublicKey() {
      this.generateKeys();
      if (this._protocol._server) return this._reply;
      return Buffer.concat([Buffer.from(this._mlkem.publicKey), x25519Public(this._x25519)]);
    }

    /** The other side's method-specific data, as it was sent (no mpint trimming). */
    convertPublicKey(data) {
      return data;
    }

    computeSecret(data) {
      this.generateKeys();
      try {
        let pq;
        let classical;
        if (this._protocol._server) {
          if (data.length !== MLKEM_PUBLIC + X25519_PUBLIC) throw new Error(`client's C_INIT is ${data.length} bytes, not ${MLKEM_PUBLIC + X25519_PUBLIC}`);
          const { cipherText, sharedSecret } = mlKem768.encapsulate(data.subarray(0, MLKEM_PUBLIC));
          pq = sharedSecret;
          classical = x25519Secret(this._x25519, data.subarray(MLKEM_PUBLIC));
          this._reply = Buffer.concat([Buffer.from(cipherText), x25519Public(this._x25519)]);
        } else {
          if (data.length !== MLKEM_CIPHERTEXT + X25519_PUBLIC) throw new Error(`server's S_REPLY is ${data.length} bytes, not ${MLKEM_CIPHERTEXT + X25519_PUBLIC}`);
          pq = mlKem768.decapsulate(data.subarray(0, MLKEM_CIPHERTEXT), this._mlkem.secretKey);
          classical = x25519Secret(this._x25519, data.subarray(MLKEM_CIPHERTEXT));
        }
        // K is a string of 32 bytes: ssh2 hashes what this returns as a string.
        return createHash(this.hashName).update(pq).update(classical).digest();
      } catch (error) {
        return error;
      }
    }
  };
};
