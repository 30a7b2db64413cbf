package io.sessionstores.core;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.BooleanSupplier;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponseWrapper;

import org.apache.catalina.connector.Response;

/**
 * The response the application sees while the {@link SessionSaveValve} is in the pipeline. It
 * saves the session before the response can complete early: before the application closes the
 * output stream or writer, and before the last byte of a declared {@code Content-Length} is
 * written to the output stream (Tomcat completes such a response at once). So a client that has
 * the whole response can rely on the session being stored, on every node. It also saves before
 * the application's first flush commits the response (JSON libraries flush after each value), so
 * that an unsaved change can still be answered with an error status; what the application
 * changes after that is saved when it returns. When the change cannot
 * be stored, the valve answers with the Manager's {@code unsavedStatus} instead and the
 * application's close or last bytes are dropped.
 *
 * <p>Not covered: a writer whose output reaches a declared {@code Content-Length} without a
 * close (characters are not counted as bytes); the valve saves such a session right after the
 * application returns, as for every other response.
 */
final class SaveBeforeCompletionResponse extends HttpServletResponseWrapper {

    private final Response connectorResponse;
    private final BooleanSupplier save;
    private ServletOutputStream out;
    private PrintWriter writer;

    /**
     * @param save saves the request's sessions; answers whether the response may complete as the
     *             application wrote it ({@code false}: it was replaced by the error status)
     */
    SaveBeforeCompletionResponse(Response connectorResponse, BooleanSupplier save) {
        super(connectorResponse.getResponse());
        this.connectorResponse = connectorResponse;
        this.save = save;
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (out == null) {
            out = new SavingOutputStream(super.getOutputStream());
        }
        return out;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            PrintWriter delegate = super.getWriter();
            writer = new PrintWriter(delegate) {
                @Override
                public void flush() {
                    if (saveBeforeCommit()) {
                        super.flush();
                    }
                }

                @Override
                public void close() {
                    if (save.getAsBoolean()) {
                        super.close();
                    }
                }
            };
        }
        return writer;
    }

    @Override
    public void flushBuffer() throws IOException {
        if (saveBeforeCommit()) {
            super.flushBuffer();
        }
    }

    /**
     * Saves if the response is not committed yet (a flush is about to commit it).
     *
     * @return whether to go on with the flush
     */
    private boolean saveBeforeCommit() {
        return connectorResponse.isCommitted() || save.getAsBoolean();
    }

    /** Counts bytes so that the save happens before a declared length completes the response. */
    private final class SavingOutputStream extends ServletOutputStream {
        private final ServletOutputStream delegate;
        private long written;

        SavingOutputStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        /** @return whether to write: {@code false} once the response was replaced by the error status */
        private boolean beforeWrite(int length) {
            long declared = connectorResponse.getCoyoteResponse().getContentLengthLong();
            boolean goOn = true;
            if (declared >= 0 && written + length >= declared) {
                goOn = save.getAsBoolean();
            }
            written += length;
            return goOn;
        }

        @Override
        public void write(int b) throws IOException {
            if (beforeWrite(1)) {
                delegate.write(b);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (beforeWrite(len)) {
                delegate.write(b, off, len);
            }
        }

        @Override
        public void flush() throws IOException {
            if (saveBeforeCommit()) {
                delegate.flush();
            }
        }

        @Override
        public void close() throws IOException {
            if (save.getAsBoolean()) {
                delegate.close();
            }
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
