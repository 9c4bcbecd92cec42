"""Audio devices, call audio bridge, ringing and sounds, HID headset, hotkeys."""
