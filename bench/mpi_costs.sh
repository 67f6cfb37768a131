#!/bin/sh
# MPI message costs on this machine, two ranks: latency and bandwidth of a ping-pong and the
# time of one MPI_Allgatherv (nls's exchange), over shared memory (Open MPI's default
# between ranks of one machine: vader) and over TCP on the loopback interface (the path
# between nodes without a fast interconnect, minus the wire). Needs libopenmpi-dev (mpicc).
# Usage: bench/mpi_costs.sh   (output: bench/out/mpi_costs.txt)
set -e
cd "$(dirname "$0")/.."
mkdir -p bench/out
mpicc -O2 -o bench/out/mpi_pingpong bench/mpi_pingpong.c
MPI="mpirun --allow-run-as-root --oversubscribe -np 2 --bind-to none"
{
  echo "== shared memory (btl vader,self)"
  $MPI --mca btl vader,self bench/out/mpi_pingpong
  echo "== TCP over loopback (btl tcp,self, if lo)"
  $MPI --mca btl tcp,self --mca btl_tcp_if_include lo bench/out/mpi_pingpong
  echo "== load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
} | tee bench/out/mpi_costs.txt
