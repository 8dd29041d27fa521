// Supplies std::ios_base_library_init(), which GCC 13's libstdc++ (GLIBCXX_3.4.32) exports and TorchSharp 0.107's
// libLibTorchSharp.so names, on hosts whose system libstdc++ is older (Debian 12, Ubuntu 22.04).
// GCC 13 emits the reference only to pull in the iostream initialiser; older libstdc++ runs that initialiser
// from every translation unit that includes <iostream>, as this one does, so the function has nothing left to do.
#include <iostream>

namespace std
{
    void ios_base_library_init() {}
}
