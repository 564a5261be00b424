"""Reading DICOM files: discovery (folder, DICOMDIR, zip), bounded header reading, the index."""
