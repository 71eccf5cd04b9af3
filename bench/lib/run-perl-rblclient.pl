#!/usr/bin/perl
# Runner: Debian libnet-rblclient-perl (Net::RBLClient 0.5) on a Job (JSON, last argument).
# Per IP it sends every list's query at once over one UDP socket to port 53 of the server (the
# port is fixed in the module: hence the benchmark's network namespace) and waits for answers
# until all came or max_time passed; IPs one after another. It cannot report errors: a list
# that does not answer is simply absent (= "not listed").
use strict; use warnings;
use JSON::PP; use Net::RBLClient; use Time::HiRes qw(time);

my $job = decode_json($ARGV[-1]);
sub lines { open my $f, '<', $_[0] or die "$_[0]: $!"; my @l = grep { length } map { s/\s+//gr } <$f>; return @l; }
my @ips = lines($job->{ipsFile});
my @zones = lines($job->{zonesFile});
my $client = Net::RBLClient->new(server => $job->{server}{host}, lists => \@zones, max_time => 8, timeout => 1);
open my $out, '>', $job->{outFile} or die;
my $t0 = time;
for my $ip (@ips) {
  $client->lookup($ip);
  my %h = $client->listed_hash;
  print $out "$ip\t$_\tlisted:$h{$_}\n" for sort keys %h;
}
my $ms = int((time - $t0) * 1000);
close $out;
my ($user, $sys) = times;
my $hwm = 0;
if (open my $st, '<', '/proc/self/status') { while (<$st>) { $hwm = $1 if /^VmHWM:\s+(\d+)/; } }
print encode_json({ client => 'perl Net::RBLClient 0.5', ms => $ms, queries => @ips * @zones, timeouts => undef,
  retries => undef, errors => undef, cpuMs => int(($user + $sys) * 1000), maxRssMb => int($hwm / 1024) }), "\n";
