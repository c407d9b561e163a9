"""Battle settings, with pMARS's defaults and the checks its command line makes."""

from __future__ import annotations

from dataclasses import dataclass

from mars.errors import ConfigError

MAX_WARRIORS = 36  # pMARS's MAXWARRIOR


@dataclass(frozen=True)
class MarsConfig:
    """The pMARS settings ``-s -c -p -l -d -S``; zero means "pMARS's default".

    ``mindistance`` 0 becomes ``maxlength`` and ``pspacesize`` 0 becomes the
    largest divisor of ``coresize`` of the form ``coresize / i`` with ``i <= 16``
    (``clparse.c``).  Use :meth:`resolved` to get the effective values.
    """

    coresize: int = 8000
    cycles: int = 80000
    processes: int = 8000
    maxlength: int = 100
    mindistance: int = 0
    pspacesize: int = 0

    def resolved(self) -> MarsConfig:
        """Validated copy with the zero defaults replaced by pMARS's values."""
        for name in ("coresize", "cycles", "processes", "maxlength"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.coresize > 2**30:
            raise ConfigError(f"coresize {self.coresize} is larger than pMARS allows")
        mindistance = self.mindistance or self.maxlength
        if mindistance < self.maxlength:
            raise ConfigError(
                f"mindistance {mindistance} is smaller than maxlength {self.maxlength}"
            )
        pspacesize = self.pspacesize or next(
            self.coresize // i for i in range(16, 0, -1) if self.coresize % i == 0
        )
        if pspacesize > self.coresize:
            raise ConfigError(f"pspacesize {pspacesize} is larger than coresize {self.coresize}")
        return MarsConfig(
            self.coresize, self.cycles, self.processes, self.maxlength, mindistance, pspacesize
        )

    def max_warriors(self) -> int:
        """The most warriors that fit the core as pMARS requires (and the VM allows)."""
        return min(MAX_WARRIORS, self.coresize // (self.mindistance or self.maxlength))

    def check_warriors(self, count: int) -> None:
        """Raise unless ``count`` warriors fit the core as pMARS requires."""
        if not 1 <= count <= MAX_WARRIORS:
            raise ConfigError(f"between 1 and {MAX_WARRIORS} warriors are allowed, got {count}")
        distance = self.mindistance or self.maxlength
        if self.coresize < count * distance:
            raise ConfigError(
                f"coresize {self.coresize} is too small for {count} warriors {distance} cells apart"
            )


DEFAULT_CONFIG = MarsConfig()
