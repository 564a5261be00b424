"""One panel scene: pixels, transform and overlays laid out once, for the screen and exports."""
