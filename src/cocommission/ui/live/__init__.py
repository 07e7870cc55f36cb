"""The live workshop in the room: the projector window on the wall and the facilitator's console."""
