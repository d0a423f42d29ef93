"""An upload refused by its size before it is read: by the request's Content-Length when that
already says too much (nothing of the file is read), else as soon as more bytes than the
limit have arrived. Django's own handlers stream what is kept to a temporary file (above
FILE_UPLOAD_MAX_MEMORY_SIZE), never to memory. A view inserts it first in its request's
upload handlers (csrf_exempt outside, csrf_protect inside, as Django's documentation says)
and reads `request.upload_refused` (the size seen, in bytes) to answer the reason."""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

FORM_OVERHEAD = 64 * 1024  # the other fields and the multipart boundaries


class SizeLimitedUpload(FileUploadHandler):
    def __init__(self, request, *, limit: int):
        super().__init__(request)
        self.limit = limit
        self.too_large = 0
        request.upload_refused = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + FORM_OVERHEAD:
            self.too_large = content_length

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.too_large:
            self._refuse(self.too_large)

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.limit:
            self._refuse(start + len(raw_data))
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler keeps the file

    def _refuse(self, size: int):
        self.request.upload_refused = size
        raise StopUpload(connection_reset=True)
