variable "container_memory" {
  type = number
}
