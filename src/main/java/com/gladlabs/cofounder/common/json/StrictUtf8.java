package com.gladlabs.cofounder.common.json;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;

import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.core.io.InputDecorator;
import com.gladlabs.cofounder.common.problem.ProblemException;

/**
 * JSON bytes must be well-formed UTF-8 (RFC 8259, RFC 3629). Jackson decodes some malformed
 * sequences instead of refusing them: the overlong {@code C0 AF} becomes {@code /}, which would let
 * a filter be bypassed and store text the caller never wrote. Every byte Jackson parses goes through
 * this check first, as it streams; a malformed sequence answers 400.
 *
 * <p>
 * Plugged into Jackson ({@link StrictJson}) rather than into JAX-RS as a ReaderInterceptor: the mere
 * presence of a reader interceptor makes RESTEasy Reactive reflect over the resource method's
 * parameter annotations on every request with a body (5% of the service's CPU on creates, measured
 * with async-profiler); and a Vert.x route that reads the body first breaks HTTP/2 requests.
 */
public final class StrictUtf8 extends InputDecorator {

    private static final long serialVersionUID = 1L;

    @Override
    public InputStream decorate(IOContext context, InputStream in) {
        return new Checked(in);
    }

    @Override
    public InputStream decorate(IOContext context, byte[] bytes, int offset, int length) {
        Validator validator = new Validator();
        validator.accept(bytes, offset, length);
        validator.end();
        return null; // well-formed: parse the bytes as they are
    }

    @Override
    public Reader decorate(IOContext context, Reader reader) {
        return reader; // characters: already decoded by whoever made them
    }

    /** RFC 3629's table of well-formed sequences, one byte at a time. */
    static final class Validator {
        private int pending; // continuation bytes still expected
        private int low = 0x80;
        private int high = 0xBF;

        void accept(byte[] bytes, int offset, int length) {
            for (int i = offset, end = offset + length; i < end; i++) {
                int b = bytes[i] & 0xFF;
                if (pending == 0) {
                    if (b < 0x80) {
                        continue;
                    }
                    start(b);
                } else if (b < low || b > high) {
                    throw malformed();
                } else {
                    pending--;
                    low = 0x80;
                    high = 0xBF;
                }
            }
        }

        private void start(int b) {
            if (b >= 0xC2 && b <= 0xDF) {
                pending = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                pending = 2;
                low = b == 0xE0 ? 0xA0 : 0x80; // E0 80..9F would be overlong
                high = b == 0xED ? 0x9F : 0xBF; // ED A0..BF would be a surrogate
            } else if (b >= 0xF0 && b <= 0xF4) {
                pending = 3;
                low = b == 0xF0 ? 0x90 : 0x80; // F0 80..8F would be overlong
                high = b == 0xF4 ? 0x8F : 0xBF; // F4 90.. would be past U+10FFFF
            } else {
                throw malformed(); // a stray continuation byte, C0, C1 or F5..FF
            }
        }

        void end() {
            if (pending != 0) {
                throw malformed(); // cut off in the middle of a character
            }
        }

        private static ProblemException malformed() {
            return ProblemException.badRequest("body", "is not well-formed UTF-8");
        }
    }

    private static final class Checked extends FilterInputStream {
        private final Validator validator = new Validator();

        Checked(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                validator.end();
            } else {
                validator.accept(new byte[] { (byte) b }, 0, 1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                validator.end();
            } else {
                validator.accept(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] skipped = new byte[(int) Math.min(n, 8192)];
            int read = read(skipped, 0, skipped.length);
            return Math.max(read, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
