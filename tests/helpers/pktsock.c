// SPDX-License-Identifier: GPL-2.0
/*
 * pktsock - read every frame of one device through a packet socket that
 * copies with recv(), not through a ring: the kernel then hands the socket
 * a clone of each received skb (packet_rcv), which trace shows as a record
 * "clone of" the original.
 *
 *   pktsock IFACE   (run it in the device's namespace: ip netns exec NS ...)
 *
 * Prints "ready" once the socket is bound, then "frame N" as it reads the
 * Nth frame, until SIGTERM.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_term }; /* no SA_RESTART: recv returns */
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ALL) };
	unsigned long frames = 0;
	char buf[2048];
	int fd;

	if (argc != 2) {
		fprintf(stderr, "usage: pktsock IFACE\n");
		return 2;
	}
	sll.sll_ifindex = (int)if_nametoindex(argv[1]);
	if (!sll.sll_ifindex) {
		fprintf(stderr, "pktsock: %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));
	if (fd < 0 || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		fprintf(stderr, "pktsock: packet socket on %s: %s\n", argv[1], strerror(errno));
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		if (recv(fd, buf, sizeof(buf), 0) >= 0) {
			printf("frame %lu\n", ++frames);
			fflush(stdout);
		} else if (errno != EINTR) {
			break;
		}
	}
	return 0;
}
