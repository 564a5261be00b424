"""The study model: patients, studies, series and images, their geometry, sequences and pixels."""
