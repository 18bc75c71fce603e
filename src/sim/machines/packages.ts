/**
 * The programs each package the lab's machines install puts on PATH, as Debian 12
 * ships them (only the ones a learner of this subject is likely to type, plus
 * every busybox applet). A program listed here and not modelled by the shell
 * answers as a missing one does; the list says what a machine has, not what the
 * lab implements.
 */
import { provides } from "./types.ts";

/** `busybox --list` of Debian's busybox 1.35.0 (1:1.35.0-4+deb12u1), the oracle's /bin/busybox. */
export const BUSYBOX_APPLETS: readonly string[] =
  `[ [[ acpid adjtimex ar arch arp arping ascii ash awk base64 basename bc blkdiscard blockdev brctl bunzip2 busybox
bzcat bzip2 cal cat chgrp chmod chown chroot chvt clear cmp cp cpio crc32 crond crontab cttyhack cut date dc dd
deallocvt depmod devmem df diff dirname dmesg dnsdomainname dos2unix dpkg dpkg-deb du dumpkmap dumpleases echo ed
egrep env expand expr factor fallocate false fatattr fdisk fgrep find findfs fold free freeramdisk fsfreeze fstrim
ftpget ftpput getopt getty grep groups gunzip gzip halt head hexdump hostid hostname httpd hwclock i2cdetect i2cdump
i2cget i2cset i2ctransfer id ifconfig ifdown ifup init insmod ionice ip ipcalc ipneigh kill killall klogd last less
link linux32 linux64 linuxrc ln loadfont loadkmap logger login logname logread losetup ls lsmod lsscsi lzcat lzma
lzop md5sum mdev microcom mim mkdir mkdosfs mke2fs mkfifo mknod mkpasswd mkswap mktemp modinfo modprobe more mount mt
mv nameif nc netstat nl nologin nproc nsenter nslookup nuke od openvt partprobe passwd paste patch pidof ping ping6
pivot_root poweroff printf ps pwd rdate readlink realpath reboot renice reset resume rev rm rmdir rmmod route rpm
rpm2cpio run-init run-parts sed seq setkeycodes setpriv setsid sh sha1sum sha256sum sha3sum sha512sum shred shuf sleep
sort ssl_client start-stop-daemon stat strings stty su sulogin svc svok swapoff swapon switch_root sync sysctl syslogd
tac tail tar taskset tc tee telnet telnetd test tftp time timeout top touch tr traceroute traceroute6 true truncate ts
tty tunctl ubirename udhcpc udhcpd uevent umount uname uncompress unexpand uniq unix2dos unlink unlzma unshare unxz
unzip uptime usleep uudecode uuencode vconfig vi w watch watchdog wc wget which who whoami xargs xxd xz xzcat yes
zcat`.split(/\s+/);

export const COREUTILS = [
  "[", "base64", "md5sum", "sha1sum", "sha256sum", "sha512sum", "od", "nohup", "paste", "basename", "cat", "chmod", "chown", "cp", "cut", "date", "dd", "df", "dirname", "du", "echo", "env", "expr",
  "false", "head", "id", "ln", "ls", "mkdir", "mktemp", "mv", "nproc", "printenv", "printf", "pwd", "readlink", "realpath", "rm",
  "rmdir", "seq", "sleep", "sort", "stat", "tac", "tail", "tee", "test", "timeout", "touch", "tr", "true", "uname",
  "uniq", "wc", "who", "whoami", "yes",
]; // prettier-ignore

/** A Debian 12 base system: bash (and dash as sh), coreutils, grep, sed, hostname, procps-less. */
export const DEBIAN_BASE = {
  ...provides("coreutils", COREUTILS),
  ...provides("bash", ["bash"]),
  ...provides("dash", ["sh"]),
  ...provides("grep", ["grep", "egrep", "fgrep"]),
  ...provides("sed", ["sed"]),
  ...provides("mawk", ["awk", "mawk"]),
  ...provides("debianutils", ["which"]),
  ...provides("hostname", ["hostname", "dnsdomainname"]),
  ...provides("libc-bin", ["getent"]),
  ...provides("util-linux", ["nsenter", "unshare", "mount", "setsid", "more", "su", "lsns", "dmesg"]),
  ...provides("ncurses-bin", ["clear", "tput", "reset"]),
  ...provides("sysvinit-utils", ["pidof"]),
};

/**
 * What the oracle's Debian hosts (the Docker host and the internet) have beyond the base
 * system, checked there with `command -v`: the everyday tools a learner pipes output through.
 */
export const DEBIAN_USER_TOOLS = {
  ...provides("jq", ["jq"]),
  ...provides("findutils", ["find", "xargs"]),
  ...provides("bsdextrautils", ["column", "rev", "hexdump"]),
  ...provides("diffutils", ["diff", "cmp", "sdiff"]),
  ...provides("xxd", ["xxd"]),
  ...provides("less", ["less"]),
  ...provides("file", ["file"]),
  ...provides("bc", ["bc"]),
  ...provides("wget", ["wget"]),
};

/** The networking tools a Debian machine of the lab has installed. */
export const DEBIAN_NET_TOOLS = {
  ...provides("iproute2", ["ip", "ss", "bridge", "tc", "nstat"]),
  ...provides("net-tools", ["ifconfig", "netstat", "route", "arp"]),
  ...provides("procps", ["kill", "ps", "pgrep", "pkill", "sysctl", "top", "free", "uptime", "watch"]),
  ...provides("iptables", [
    "iptables", "iptables-nft", "iptables-save", "iptables-nft-save", "iptables-restore", "iptables-nft-restore",
    "ip6tables", "ip6tables-save", "ip6tables-restore", "xtables-monitor",
    "iptables-legacy", "iptables-legacy-save", "iptables-legacy-restore", "iptables-translate",
    "iptables-restore-translate", "ip6tables-translate", "ip6tables-legacy", "ip6tables-legacy-save", "ebtables",
    "arptables",
  ]),
  ...provides("nftables", ["nft"]),
  ...provides("dpkg", ["update-alternatives"]),
  ...provides("conntrack", ["conntrack"]),
  ...provides("lsof", ["lsof"]),
  ...provides("tcpdump", ["tcpdump"]),
  ...provides("bridge-utils", ["brctl"]),
  ...provides("curl", ["curl"]),
  ...provides("iputils-ping", ["ping"]),
}; // prettier-ignore
