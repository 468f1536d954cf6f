variable "queue_url" {
  type = string
}
